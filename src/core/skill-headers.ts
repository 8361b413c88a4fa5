import { VERSION } from './version.js';

/**
 * The `X-Skill-*` attribution headers; without them the service blocks exports (402).
 *
 * @example
 * ```ts
 * new NemoVideo({ skill: { platform: 'my-bot' } });
 * ```
 */
export interface SkillHeaders {
  /** `X-Skill-Source`, default `video-generator-free-api`. */
  source?: string;
  /** `X-Skill-Version`, default this package's version. */
  version?: string;
  /** `X-Skill-Platform`, default detected from where the package is installed. */
  platform?: string;
}

/**
 * Tells the platform from the path the package is installed under, as the service's skill file does.
 *
 * @example
 * ```ts
 * detectPlatform('/home/me/.cursor/skills/x/node_modules/nemo-video/dist/index.js'); // 'cursor'
 * ```
 */
export function detectPlatform(installPath: string): string {
  const path = installPath.replaceAll('\\', '/');
  if (path.includes('/.clawhub/')) return 'clawhub';
  if (path.includes('/.cursor/skills/')) return 'cursor';
  return 'unknown';
}

/** Where this module is loaded from: a file path in CJS, a URL in ESM, empty where neither exists. */
function installPath(): string {
  // esbuild empties `import.meta` in the CJS build, where `__filename` takes over.
  return (typeof __filename === 'string' && __filename) || import.meta.url || '';
}

/** Builds the three attribution headers, with any overrides applied. */
export function skillHeaders(overrides: SkillHeaders = {}): Record<string, string> {
  return {
    'X-Skill-Source': overrides.source ?? 'video-generator-free-api',
    'X-Skill-Version': overrides.version ?? VERSION,
    'X-Skill-Platform': overrides.platform ?? detectPlatform(installPath()),
  };
}
