import { Menu, Tray, nativeImage } from 'electron';
import type { Status } from '../../shared/contract';

export interface TrayActions {
  open(): void;
  copyEndpoint(): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

const usd = (n: number) => (n < 0.01 && n > 0 ? '<$0.01' : `$${n.toFixed(2)}`);

/** The tray / menu-bar icon: proxy status, today's spend, and quick actions. */
export function createTray(iconPath: string, actions: TrayActions): { update(status: Status): void; destroy(): void } {
  const image = nativeImage.createFromPath(iconPath).resize({ width: 18, height: 18 });
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.on('click', () => actions.open());

  const update = (s: Status) => {
    const state = s.paused ? 'Paused' : `Running on ${s.endpoint.replace(/^http:\/\//, '')}`;
    tray.setToolTip(`Switchboard — ${state} · ${usd(s.spendTodayUsd)} today`);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: `Proxy: ${state}`, enabled: false },
        { label: `Today: ${usd(s.spendTodayUsd)} · ${s.requestsLastMinute} req/min`, enabled: false },
        { type: 'separator' },
        { label: 'Open Switchboard', click: () => actions.open() },
        { label: 'Copy endpoint', click: () => actions.copyEndpoint() },
        { label: 'Pause proxy', type: 'checkbox', checked: s.paused, click: (item) => actions.setPaused(item.checked) },
        { type: 'separator' },
        { label: 'Quit Switchboard', role: 'quit', click: () => actions.quit() },
      ]),
    );
  };
  return { update, destroy: () => tray.destroy() };
}
