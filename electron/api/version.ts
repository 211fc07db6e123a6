import pkg from '../../package.json';

/** The app version (package.json), for `app.status` and the tray. */
export const APP_VERSION: string = pkg.version;
