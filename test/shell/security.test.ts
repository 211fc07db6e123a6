import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  BROWSER_CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY,
  WINDOW_WEB_PREFERENCES,
  ipcMethodChannel,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  windowOpenDecision,
} from '../../electron/shell/security';

/** `default-src 'self'; script-src 'self'` → Map(directive → sources). */
function parseCsp(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(out.has(name!), `duplicate directive ${name}`).toBe(false);
    out.set(name!, sources);
  }
  return out;
}

describe('BrowserWindow webPreferences', () => {
  it('isolates the renderer', () => {
    expect(WINDOW_WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(WINDOW_WEB_PREFERENCES.sandbox).toBe(true);
    expect(WINDOW_WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(WINDOW_WEB_PREFERENCES.webSecurity).toBe(true);
  });

  it('turns off the other ways in', () => {
    expect(WINDOW_WEB_PREFERENCES).toMatchObject({
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(Object.isFrozen(WINDOW_WEB_PREFERENCES)).toBe(true);
    // main.ts adds the preload path; nothing here may re-enable Node.
    expect('preload' in WINDOW_WEB_PREFERENCES).toBe(false);
  });
});

describe.each([
  ['desktop window', CONTENT_SECURITY_POLICY],
  ['browser UI (switchboard serve)', BROWSER_CONTENT_SECURITY_POLICY],
])('Content-Security-Policy: %s', (_name, csp) => {
  const d = parseCsp(csp);

  it("default-src 'self' and scripts from the app only", () => {
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });

  it('no eval, no inline scripts, no remote script origins', () => {
    expect(csp).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes/);
    for (const [name, sources] of d) {
      if (name === 'style-src') continue; // inline styles only (component library CSS variables)
      expect(sources, name).not.toContain("'unsafe-inline'");
    }
    for (const src of d.get('script-src')!) expect(src).not.toMatch(/^(https?:|\*|data:|blob:)/);
  });

  it('connect-src is limited to self and loopback', () => {
    for (const src of d.get('connect-src')!) {
      expect(src, src).toMatch(/^('self'|http:\/\/127\.0\.0\.1:\*|http:\/\/localhost:\*)$/);
    }
  });

  it('no plugins, frames, base-uri tricks or form posts', () => {
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
  });

  it('images and fonts: self and data: only', () => {
    for (const k of ['img-src', 'font-src']) for (const src of d.get(k)!) expect(["'self'", 'data:', 'blob:']).toContain(src);
  });
});

it("the browser UI's connect-src is exactly 'self'", () => {
  expect(parseCsp(BROWSER_CONTENT_SECURITY_POLICY).get('connect-src')).toEqual(["'self'"]);
});

describe('navigation and window.open', () => {
  it('allows only the app origin', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#/keys`)).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:4141/',
      'file:///etc/passwd',
      'app://other/index.html',
      'app://switchboard.evil.example/index.html',
      'app://user:pw@switchboard/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'about:blank',
      'chrome://settings',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('window.open is always denied; only https links go to the system browser', () => {
    expect(windowOpenDecision('https://platform.openai.com/api-keys')).toEqual({ action: 'deny', openExternally: true });
    for (const url of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', APP_ENTRY_URL, 'smb://host/share', 'https://user:pw@example.com']) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openExternally: false });
      expect(isSafeExternalUrl(url)).toBe(false);
    }
  });
});

describe('IPC sender validation', () => {
  it("trusts only the app's own main frame", () => {
    expect(isTrustedSender(APP_ENTRY_URL)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html#/connect`, true)).toBe(true);
    expect(isTrustedSender(APP_ENTRY_URL, false)).toBe(false); // a subframe
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'http://127.0.0.1:4141/', 'about:blank', '', null, undefined]) {
      expect(isTrustedSender(url), String(url)).toBe(false);
    }
  });

  it('one channel per contract method, namespaced', () => {
    expect(ipcMethodChannel('keys.set')).toBe('switchboard:call:keys.set');
  });
});
