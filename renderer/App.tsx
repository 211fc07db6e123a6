import { Suspense, useCallback, useEffect, useRef, useState } from 'react';
import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Burger,
  Button,
  Group,
  Kbd,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
  useComputedColorScheme,
  useMantineColorScheme,
  type MantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDeviceDesktop, IconKeyboard, IconMoon, IconPlayerPause, IconPlayerPlay, IconSun } from '@tabler/icons-react';
import { api, UNAUTHORIZED_EVENT } from './api';
import { ErrorBoundary } from './components/ErrorBoundary';
import { PageSkeleton } from './components/PageSkeleton';
import { ShortcutsModal } from './components/ShortcutsModal';
import { Unauthorized } from './components/Unauthorized';
import { CopyIcon } from './components/CopyIcon';
import { modKey, usd, usdExact } from './lib/format';
import { notifyError, notifySuccess } from './lib/notify';
import { DEFAULT_PAGE, PAGES, pageById } from './pages/registry';
import { clearNavigationFocus, href, markUserNavigation, navigate, navigationFocusPending, useHashLocation } from './router';
import { StatusProvider, useStatus } from './status';

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
function isTyping(el: EventTarget | null): boolean {
  return el instanceof HTMLElement && (TYPING.has(el.tagName) || el.isContentEditable);
}

function useGlobalShortcuts(openHelp: () => void, toggleScheme: () => void) {
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && !e.shiftKey && /^Digit[1-8]$/.test(e.code)) {
        const page = PAGES[Number(e.code.slice(5)) - 1];
        if (page) {
          e.preventDefault();
          navigate(page.id);
        }
        return;
      }
      if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'j') {
        e.preventDefault();
        toggleScheme();
        return;
      }
      // AltGr reports as Ctrl+Alt on Windows; layouts that put `?` there still mean `?`
      const altGraph = e.getModifierState?.('AltGraph') ?? false;
      if (((mod || e.altKey) && !altGraph) || isTyping(e.target)) return;
      // Another dialog has the user's attention. Judge by where focus is, not by
      // any dialog in the DOM: a closing modal stays mounted (aria-modal) through
      // its exit transition after it has handed focus back, and that window
      // swallowed `?` pressed right after closing one.
      if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return;
      if (e.key === '?') {
        e.preventDefault();
        openHelp();
        return;
      }
      if (pendingG.current && Date.now() - pendingG.current < 1500) {
        pendingG.current = 0;
        const page = PAGES.find((p) => p.letter === e.key.toLowerCase()) ?? PAGES[Number(e.key) - 1];
        if (page) {
          e.preventDefault();
          navigate(page.id);
        }
        return;
      }
      if (e.key === 'g') pendingG.current = Date.now();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openHelp, toggleScheme]);
}

/**
 * After the user navigates, move focus to the new page's heading once it has
 * rendered (lazy chunks, data), so keyboard and screen-reader users start there.
 */
function usePageFocus(pageId: string | undefined) {
  useEffect(() => {
    if (!pageId || !navigationFocusPending()) return;
    let frame = 0;
    const until = Date.now() + 5000;
    const tryFocus = () => {
      const h1 = document.querySelector<HTMLElement>('#main-content h1');
      if (h1) {
        if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
        h1.classList.add('page-title');
        h1.focus();
        clearNavigationFocus();
        return;
      }
      if (Date.now() < until) frame = requestAnimationFrame(tryFocus);
    };
    frame = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(frame);
  }, [pageId]);
}

function LiveDot({ active }: { active: boolean }) {
  return <span className={active ? 'live-dot live-dot-active' : 'live-dot'} aria-hidden />;
}

function StatusStrip() {
  const { status, error, setStatus } = useStatus();
  const [busy, setBusy] = useState(false);
  if (!status) {
    return error ? (
      <Badge color="red" variant="light" size="lg" role="status">
        Disconnected
      </Badge>
    ) : null;
  }
  const togglePause = async () => {
    setBusy(true);
    try {
      const next = await api.call('app.setPaused', { paused: !status.paused });
      setStatus(next);
      notifySuccess(next.paused ? 'Proxy paused' : 'Proxy resumed', next.paused ? 'Clients get a clear "paused" error until you resume.' : 'Calls flow again.');
    } catch (err) {
      notifyError('Could not change the pause state', err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="xs" wrap="nowrap" role="status" aria-label="Proxy status">
      <Group gap={2} wrap="nowrap" visibleFrom="md" className="header-chip">
        <Text size="xs" c="dimmed" pl={8}>
          Endpoint
        </Text>
        <Text size="xs" ff="monospace" px={4} data-testid="header-endpoint">
          {status.endpoint}
        </Text>
        <CopyIcon value={status.endpoint} label="Copy the endpoint URL" size="sm" />
      </Group>
      <Tooltip label="Requests through the proxy in the last minute">
        <Group gap={6} wrap="nowrap" className="header-chip" px={10} tabIndex={0} aria-label={`${status.requestsLastMinute} requests in the last minute`}>
          <LiveDot active={status.requestsLastMinute > 0} />
          <Text size="xs" fw={600} data-testid="header-rpm">
            {status.requestsLastMinute}
          </Text>
          <Text size="xs" c="dimmed">
            req/min
          </Text>
        </Group>
      </Tooltip>
      <Tooltip label={`Spend today: ${usdExact(status.spendTodayUsd)}, at your effective prices`}>
        <Group gap={6} wrap="nowrap" className="header-chip" px={10} visibleFrom="sm" tabIndex={0} aria-label={`${usd(status.spendTodayUsd)} spent today`}>
          <Text size="xs" fw={600}>
            {usd(status.spendTodayUsd)}
          </Text>
          <Text size="xs" c="dimmed">
            today
          </Text>
        </Group>
      </Tooltip>
      <Button
        size="xs"
        variant={status.paused ? 'filled' : 'default'}
        color={status.paused ? 'orange' : undefined}
        leftSection={status.paused ? <IconPlayerPlay size={14} /> : <IconPlayerPause size={14} />}
        onClick={() => void togglePause()}
        loading={busy}
        aria-label={status.paused ? 'Proxy paused: resume it' : 'Pause the proxy'}
      >
        {status.paused ? 'Paused · Resume' : 'Pause'}
      </Button>
    </Group>
  );
}

function SchemeToggle() {
  const { setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme (${modKey}+J)`}>
      <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label={`Switch to ${next} theme`}>
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function SchemeChooser() {
  const { colorScheme, setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const item = (value: MantineColorScheme, label: string, icon: React.ReactNode) => ({
    value,
    label: (
      <Group gap={4} justify="center" wrap="nowrap">
        {icon}
        <VisuallyHidden>{label}</VisuallyHidden>
      </Group>
    ),
  });
  return (
    <SegmentedControl
      fullWidth
      size="xs"
      value={colorScheme}
      onChange={(v) => setColorScheme(v as MantineColorScheme)}
      aria-label="Colour theme"
      data={[item('auto', 'Follow system', <IconDeviceDesktop size={15} />), item('light', 'Light', <IconSun size={15} />), item('dark', 'Dark', <IconMoon size={15} />)]}
    />
  );
}

function Navigation({ current, onNavigate }: { current: string; onNavigate: () => void }) {
  const groups = ['Evaluate', 'Observe', 'Configure'] as const;
  return (
    <Stack gap="md" component="nav" aria-label="Pages">
      {groups.map((g) => (
        <Box key={g}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4} style={{ letterSpacing: 0.6 }}>
            {g}
          </Text>
          {PAGES.filter((p) => p.group === g).map((p) => {
            const Icon = p.icon;
            const n = PAGES.indexOf(p) + 1;
            return (
              <NavLink
                key={p.id}
                href={href(p.id)}
                label={p.label}
                active={current === p.id}
                aria-current={current === p.id ? 'page' : undefined}
                leftSection={<Icon size={18} stroke={1.7} />}
                rightSection={
                  <Kbd size="xs" className="nav-kbd" aria-hidden>
                    {n}
                  </Kbd>
                }
                onClick={() => {
                  markUserNavigation();
                  onNavigate();
                }}
                className="nav-link"
                data-testid={`nav-${p.id}`}
              />
            );
          })}
        </Box>
      ))}
    </Stack>
  );
}

/**
 * The navbar is fixed to the window, so on a page taller than the window (a
 * full-page capture, print) its border stopped where the window ended. This
 * continues the same 1px edge down the whole page, under the navbar's own
 * border; with the navbar collapsed (mobile) the offset is 0 and it is off-screen.
 */
const SIDEBAR_EDGE: React.CSSProperties = {
  background: 'linear-gradient(var(--mantine-color-default-border), var(--mantine-color-default-border)) no-repeat calc(var(--app-shell-navbar-offset, 0rem) - 1px) 0 / 1px 100%',
};

function Frame() {
  const loc = useHashLocation();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [helpOpened, { open: openHelp, close: closeHelp }] = useDisclosure(false);
  const { setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  const computed = useComputedColorScheme('light');
  const toggleScheme = useCallback(() => setColorScheme(computed === 'dark' ? 'light' : 'dark'), [computed, setColorScheme]);
  const { status } = useStatus();
  useGlobalShortcuts(openHelp, toggleScheme);

  const page = pageById(loc.page);
  useEffect(() => {
    if (!page) window.location.replace(href(DEFAULT_PAGE));
    else document.title = `${page.label} · Switchboard`;
  }, [page]);
  usePageFocus(page?.id);
  const PageComponent = page?.component;

  const skipToMain = (e: React.MouseEvent | React.KeyboardEvent) => {
    e.preventDefault();
    const title = document.querySelector<HTMLElement>('#main-content h1');
    if (title && !title.hasAttribute('tabindex')) title.setAttribute('tabindex', '-1');
    (title ?? document.getElementById('main-content'))?.focus();
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding={{ base: 'md', md: 'xl' }}>
      <a href="#main-content" className="skip-link" onClick={skipToMain}>
        Skip to content
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={navOpened ? 'Close navigation' : 'Open navigation'} />
            <UnstyledButton component="a" href={href(DEFAULT_PAGE)} className="brand" aria-label="Switchboard home" onClick={markUserNavigation}>
              <Group gap={8} wrap="nowrap">
                <img src="./favicon.svg" width={26} height={26} alt="" />
                <Text fw={700} fz="lg" visibleFrom="xs">
                  Switchboard
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <StatusStrip />
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="default" size="lg" onClick={openHelp} aria-label="Keyboard shortcuts">
                <IconKeyboard size={18} />
              </ActionIcon>
            </Tooltip>
            <SchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <Navigation current={page?.id ?? ''} onNavigate={closeNav} />
        </AppShell.Section>
        <AppShell.Section pt="sm">
          <Stack gap={8}>
            <SchemeChooser />
            <Text size="xs" c="dimmed" ta="center">
              {status ? `v${status.version} · ${status.transport === 'ipc' ? 'desktop' : 'browser'}` : ' '}
            </Text>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} className="main" style={SIDEBAR_EDGE}>
        <Box maw={1180} mx="auto">
          <ErrorBoundary key={page?.id}>
            <Suspense fallback={<PageSkeleton />}>{PageComponent ? <PageComponent /> : <PageSkeleton />}</Suspense>
          </ErrorBoundary>
        </Box>
      </AppShell.Main>
      <ShortcutsModal opened={helpOpened} onClose={closeHelp} />
    </AppShell>
  );
}

export function App() {
  const [unauthorized, setUnauthorized] = useState(false);
  useEffect(() => {
    const on = () => setUnauthorized(true);
    window.addEventListener(UNAUTHORIZED_EVENT, on);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, on);
  }, []);
  if (unauthorized) return <Unauthorized />;
  return (
    <StatusProvider>
      <Frame />
    </StatusProvider>
  );
}
