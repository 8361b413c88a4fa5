/**
 * Where a message goes: one of the spec's four direct actions, or the agent chat for everything else.
 *
 * @example
 * ```ts
 * const intent: Intent = routeIntent('余额'); // 'credits'
 * ```
 */
export type Intent = 'export' | 'credits' | 'state' | 'upload' | 'chat';

/**
 * Ways to extend {@link routeIntent}.
 *
 * @example
 * ```ts
 * const options: RouteIntentOptions = {
 *   keywords: { export: ['render', '出片'], state: [/^\s*timeline\s*\??$/i] },
 *   match: (text) => (text.startsWith('/') ? 'chat' : undefined),
 * };
 * ```
 */
export interface RouteIntentOptions {
  /**
   * More words per route, added to the built-in ones. A string is matched case-insensitively, as a whole
   * word when it has Latin letters (`render` does not match `rendered`) and anywhere when it is Chinese;
   * a RegExp is used as given. They obey the same edit rule as the built-in words (see
   * {@link routeIntent}).
   * @default undefined (the built-in words only)
   */
  keywords?:
    | {
        /**
         * More words for `export`.
         * @default []
         */
        export?: ReadonlyArray<string | RegExp> | undefined;
        /**
         * More words for `credits`.
         * @default []
         */
        credits?: ReadonlyArray<string | RegExp> | undefined;
        /**
         * More words for `state`.
         * @default []
         */
        state?: ReadonlyArray<string | RegExp> | undefined;
        /**
         * More words for `upload`.
         * @default []
         */
        upload?: ReadonlyArray<string | RegExp> | undefined;
      }
    | undefined;
  /**
   * Asked first: return an intent to decide, or undefined to leave it to the built-in rules.
   * @default undefined (the built-in rules only)
   */
  match?: ((text: string) => Intent | undefined) | undefined;
}

// English words match whole, so inflections ("uploaded", "downloaded", "exporting") never trigger an action.
const word = (source: string) => `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`;
// A Chinese action word followed by 的/过/了/好/完, or after 已/刚, talks about a past action ("我上传的图片"),
// not a request for one.
const zhAction = (source: string) => `(?<![已刚])(?:${source})(?![的过了好完])`;

// Built on first use: module-level `new RegExp` calls would count as side effects and keep all of this in the
// bundle of an app that never routes a message.
let rules: { table: ReadonlyArray<readonly [Exclude<Intent, 'chat'>, RegExp]>; notACommand: RegExp; edit: RegExp } | undefined;
const routeRules = () =>
  (rules ??= {
    /** The spec's table ("Matching Input to Actions"), in its order: the first route that matches wins. */
    table: [
      ['export', new RegExp(`${word('export|download|send me (?:the|my) (?:\\S+ )?(?:video|mp4)')}|${zhAction('导出|下载')}`, 'iu')],
      // "balance" as the account's balance only: not "balance the audio" or "the balance between music and voice".
      ['credits', new RegExp(`${word('credits?|(?:credit|account|my|remaining) balance|balance(?=\\s*(?:[?.!。？！]|$))')}|积分|余额`, 'iu')],
      ['state', new RegExp(`${word("status|show (?:me )?(?:the |my )?(?:tracks|timeline)|what(?:'s| is) on the timeline")}|状态|查看轨道|显示轨道`, 'iu')],
      ['upload', new RegExp(`${word('upload')}|${zhAction('上传')}`, 'iu')],
    ],
    /** Phrases that name a route's word but are about the video itself ("roll the end credits"). */
    notACommand: new RegExp(word('(?:end|opening|closing|final|movie|film) credits|credits? roll|roll(?:ing)? (?:the )?credits'), 'iu'),
    /**
     * A request to generate or edit goes to the agent even when it also names an action: "make it vertical and
     * export" must not lose "make it vertical" (the agent's reply then points at its Export button, which Studio
     * turns into an export offer).
     */
    edit: new RegExp(
      `${word('add|generate|create|make|change|replace|remove|delete|insert|put|use|set|trim|cut|crop|edit|turn|switch|move|mute|apply|include|merge')}` +
        '|添加|加上|加入|生成|制作|修改|改成|改为|换成|替换|删除|去掉|剪辑|裁剪|使用|调整|变成|做一个|做个',
      'iu',
    ),
  });

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const toPattern = (keyword: string | RegExp): RegExp =>
  typeof keyword !== 'string' ? keyword : new RegExp(/[a-z0-9]/i.test(keyword) ? word(escape(keyword)) : escape(keyword), 'iu');

/**
 * Routes a user's message by the service's keyword table, in English and Chinese:
 *
 * | says | route |
 * |---|---|
 * | export, download, "send me the video", 导出, 下载 | `export` |
 * | credits, balance, 积分, 余额 | `credits` |
 * | status, "show tracks", 状态 | `state` |
 * | upload, 上传 | `upload` |
 * | anything else (generate, edit, add BGM…) | `chat` |
 *
 * Case does not matter. English words match whole ("add the music I uploaded" is chat), Chinese action words
 * not when they describe a past action ("用我上传的图片" is chat). A message that asks to generate or edit
 * (add, make, change, 添加, 生成…) is chat even if it names an action, so no instruction is dropped; so are
 * "end credits" and "credits roll". Extend it with `options.keywords`, or decide first with `options.match`.
 *
 * @example
 * ```ts
 * routeIntent('Export');                           // 'export'
 * routeIntent('还剩多少积分？');                     // 'credits'
 * routeIntent('add the music I uploaded yesterday'); // 'chat'
 * routeIntent('render it', { keywords: { export: ['render'] } }); // 'export'
 * ```
 */
export function routeIntent(text: string, options: RouteIntentOptions = {}): Intent {
  const custom = options.match?.(text);
  if (custom) return custom;
  const { table, notACommand, edit } = routeRules();
  if (typeof text !== 'string' || edit.test(text) || notACommand.test(text)) return 'chat';
  for (const [intent, pattern] of table) {
    if (pattern.test(text) || options.keywords?.[intent]?.some((k) => toPattern(k).test(text))) return intent;
  }
  return 'chat';
}
