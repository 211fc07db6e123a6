import { alpha, createTheme, defaultCssVariablesResolver, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

const brand: MantineColorsTuple = ['#edf2ff', '#dbe4ff', '#bac8ff', '#91a7ff', '#748ffc', '#5c7cfa', '#4c6ef5', '#4263eb', '#3b5bdb', '#364fc7'];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  colors: { brand },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, "JetBrains Mono", Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontWeight: '650' },
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
    Badge: { defaultProps: { radius: 'sm' } },
  },
});

/**
 * Mantine's defaults, except the dark scheme's `light` variant (alerts, badges,
 * light buttons): Mantine 9 paints it as an opaque, darkened shade 9, which
 * reads as a saturated block (an orange warning turned brown-orange). Here it
 * is a translucent tint of the colour over the dark background, with a light
 * text shade, as in the light scheme. One place for every `variant="light"`.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const base = defaultCssVariablesResolver(t);
  const dark: Record<string, string> = { ...base.dark };
  for (const [name, shades] of Object.entries(t.colors)) {
    if (!Array.isArray(shades) || shades.length < 10) continue;
    dark[`--mantine-color-${name}-light`] = alpha(shades[6]!, 0.15);
    dark[`--mantine-color-${name}-light-hover`] = alpha(shades[6]!, 0.22);
    dark[`--mantine-color-${name}-light-color`] = `var(--mantine-color-${name}-3)`;
  }
  return { ...base, dark };
};
