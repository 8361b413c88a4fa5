/** This package's version; sent as `X-Skill-Version`. A unit test keeps it equal to package.json's. */
export const VERSION = '0.1.0';
