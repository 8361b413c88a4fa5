/**
 * One meaning per option name, and every option says its default: each optional property of an exported
 * `…Options` or `…Timings` interface carries a `@default` tag, and `timeout` is always a per-request limit
 * (a whole operation's limit is `maxDuration`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '../../../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') ? [path] : [];
  });

interface OptionProperty {
  where: string;
  name: string;
  tags: string[];
  doc: string;
}

/** Every optional property of every exported interface named …Options or …Timings in src/. */
const options: OptionProperty[] = files(SRC).flatMap((file) => {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter(ts.isInterfaceDeclaration)
    .filter((i) => /(Options|Timings)$/.test(i.name.text) && i.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
    .flatMap((i) =>
      i.members.filter(ts.isPropertySignature).filter((p) => p.questionToken).map((p) => ({
        where: `${relative(SRC, file)} ${i.name.text}.${p.name.getText(source)}`,
        name: p.name.getText(source),
        tags: ts.getJSDocTags(p).map((t) => t.tagName.text),
        doc: ts.getJSDocCommentsAndTags(p).map((d) => d.getText(source)).join('\n'),
      })),
    );
});

test('the scan finds the options (a renamed interface must not empty it)', () => {
  expect(options.length).toBeGreaterThan(50);
  expect(options.map((o) => o.where)).toContain('client.ts ClientOptions.timeout');
});

test('every option documents its default with @default', () => {
  expect(options.filter((o) => !o.tags.includes('default')).map((o) => o.where)).toEqual([]);
});

test('`timeout` is a per-request limit wherever it is an option; whole operations use maxDuration', () => {
  const timeouts = options.filter((o) => o.name === 'timeout');
  expect(timeouts.length).toBeGreaterThan(0);
  for (const o of timeouts) expect(o.doc, o.where).toMatch(/request/i);
  expect(options.filter((o) => /^(total|overall|operation|render|wait)Timeout$/.test(o.name)).map((o) => o.where)).toEqual([]);
});
