/**
 * What a GUI phrase of the agent's asks for, done through the API instead (the spec's "Backend Response
 * Translation"):
 *
 * - `export`: "click the Export button", "导出" → run (or offer) the export workflow.
 * - `upload`: "click Upload", "drop your files here", "点击上传" → ask for the files.
 * - `timeline`: "preview it in the timeline", "在时间线预览" → show the track summary.
 * - `state`: "open the Media panel", "打开…" → query the session state.
 * - `edit`: "drag the clip…", "拖拽" → the user says the change, and it goes to the agent as a message.
 * - `reply`: "click Apply" (any other button) → the API's equivalent of the click is saying `reply`.
 *
 * @example
 * ```ts
 * for (const action of translateGuiText(reply).actions) if (action.type === 'export') offerExport();
 * ```
 */
export type GuiAction =
  | {
      /** Run or offer the export workflow. */
      type: 'export' | 'upload' | 'timeline' | 'edit';
    }
  | {
      /** Query the session state. */
      type: 'state';
      /** The panel the agent named ("Media"), when it named one. */
      panel?: string | undefined;
    }
  | {
      /** Say `reply` to the agent: what clicking that button would have done. */
      type: 'reply';
      /** The button's label, e.g. `Apply`. */
      reply: string;
    };

/**
 * The agent's text with every GUI instruction rewritten, and the actions they imply.
 *
 * @example
 * ```ts
 * const { text, actions } = translateGuiText('Preview it in the timeline, then click the Export button.');
 * // text: 'Review the timeline summary, then export.'; actions: [{ type: 'timeline' }, { type: 'export' }]
 * ```
 */
export interface GuiTranslation {
  /** The text to show: it never asks the user to click, open, drag or preview anything. */
  text: string;
  /** What the text asked for, each once. */
  actions: GuiAction[];
}

/** A pattern, what replaces it (or a function of its groups), and the action: a type, or a function of the groups. */
type Rule = readonly [RegExp, string | ((...groups: string[]) => string), GuiAction['type'] | ((...groups: string[]) => GuiAction)];

const CLICK = '\\b(?:click|tap|press|hit|select|use)\\s+(?:on\\s+)?(?:the\\s+)?["“\'‘]?';
const CLOSE = '["”\'’]?(?:\\s+(?:button|icon|option))?';
const OPEN_Q = '["“\'‘「]';
const CLOSE_Q = '["”\'’」]';
const reply = (...labels: string[]): GuiAction => ({ type: 'reply', reply: labels.find(Boolean)! });
/** Words after "click" that point somewhere rather than name a button ("click here", "tap it"). */
const NOT_A_LABEL = '(?!(?:here|there|it|this|that|them|anywhere|below|above|through|away|and|or|to|a|an|the|on|links?)\\b)';

// Built on first use: module-level `new RegExp` calls would count as side effects and keep the table in the
// bundle of an app that never translates. Order matters: the named buttons (export, upload) before any other.
let rules: readonly Rule[] | undefined;
const guiRules = (): readonly Rule[] =>
  (rules ??= [
    [new RegExp(`${CLICK}(?:export|download)(?:\\s+(?:mp4|video))?${CLOSE}`, 'gi'), 'export', 'export'],
    [/\b(?:the\s+)?["“]?export["”]?\s+button\b/gi, 'export', 'export'],
    [new RegExp(`${CLICK}(?:upload|add\\s+(?:files|media))${CLOSE}`, 'gi'), 'upload', 'upload'],
    [
      /\b(?:drag\s*(?:and|&|\/|-|n)\s*)?drop\s+(?:your|the)\s+(files?|images?|photos?|pictures?|clips?|videos?|media)\s+(?:here|in(?:to)?\s+(?:the\s+)?\w+|onto\s+(?:the\s+)?\w+)/gi,
      (what) => `upload your ${what}`,
      'upload',
    ],
    [
      /\b(?:preview|view|check|review|see|watch)\s+(?:(?:it|this|that|them|the\s+(?:video|result|changes?|edits?|clip))\s+)?(?:in|on)\s+(?:the\s+)?timeline(?:\s+(?:panel|view|editor))?/gi,
      'review the timeline summary',
      'timeline',
    ],
    [
      /\bopen\s+(?:up\s+)?(?:the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+\s+)?(?:panel|tab|menu|sidebar|window|settings|library|editor|page|dialog|timeline)\b/gi,
      'check the project status',
      (panel) => ({ type: 'state', panel: panel?.trim() || undefined }),
    ],
    [/\bdrag(?:\s*(?:and|&|\/|-|n)\s*drop)?\b/gi, 'ask me to move', 'edit'],
    // Any case ("click Apply", "click apply", "HIT THE SAVE BUTTON"); a word that points somewhere ("click here") is no label.
    [
      new RegExp(
        `\\b(?:click|tap|press|hit)\\s+(?:on\\s+)?(?:the\\s+)?(?:${OPEN_Q}([^"”'’」]{1,30})${CLOSE_Q}(?:\\s+button)?|${NOT_A_LABEL}([\\w ]{1,30}?)\\s+button\\b|${NOT_A_LABEL}([a-z][\\w-]*))`,
        'gi',
      ),
      (...labels) => `say "${labels.find(Boolean)}"`,
      reply,
    ],
    [new RegExp(`点击\\s*${OPEN_Q}?(?:导出|下载)${CLOSE_Q}?(?:按钮)?`, 'g'), '导出', 'export'],
    [new RegExp(`点击\\s*${OPEN_Q}?上传${CLOSE_Q}?(?:按钮)?`, 'g'), '上传', 'upload'],
    [/在时间线(?:上|中|里)?预览|预览时间线/g, '查看时间线摘要', 'timeline'],
    [/打开\s*(?:右侧|左侧|上方|下方|底部|顶部)?(?:的)?\s*[「“"]?([^，。,.！!？?」”"]{1,10}?)\s*[」”"]?(?:面板|窗口|菜单|设置|页面|标签页)/g, '查看项目状态', (panel) => ({ type: 'state', panel: panel.trim() })],
    [/打开/g, '查看', 'state'],
    [/(?:将|把)([^，。,.！？]{1,20}?)(?:拖拽|拖动|拖放)/g, (what) => `告诉我把${what}移动`, 'edit'],
    [/拖拽|拖动|拖放/g, '告诉我移动', 'edit'],
    // 点击「确认」按钮, 点击确认按钮, 点击“确认”, and a bare 点击确认 (a short label that ends the clause)
    [
      new RegExp(`(?:点击|单击|点按|按下)\\s*(?:${OPEN_Q}?([^」”"'，。,.\\s]{1,10}?)${CLOSE_Q}?按钮|${OPEN_Q}([^」”"']{1,10})${CLOSE_Q}|([^」”"'，。,.！!？?\\s、即就后再并和或]{1,6})(?=[，。,.！!？?\\s即就后再]|$))`, 'g'),
      (...labels) => `回复“${labels.find(Boolean)}”`,
      reply,
    ],
    // The spec lists a bare "导出" as the export workflow too; the word itself reads fine, so it stays.
    [/导出/g, '导出', 'export'],
  ]);

/** A replacement at a sentence's start keeps the capital the agent wrote. */
const keepCase = (found: string, replacement: string) =>
  /^[A-Z]/.test(found) && /^[a-z]/.test(replacement) ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;

/**
 * Rewrites the agent's GUI instructions (the service's backend assumes a web editor) into what an API client
 * does instead, and lists the actions they imply, so an app never tells a user to click something that does
 * not exist. Text without GUI phrases comes back unchanged, with no actions.
 *
 * @example
 * ```ts
 * translateGuiText('Preview it in the timeline, then click the Export button to download the MP4.');
 * // { text: 'Review the timeline summary, then export to download the MP4.',
 * //   actions: [{ type: 'export' }, { type: 'timeline' }] }
 * translateGuiText('点击「确认」按钮'); // { text: '回复“确认”', actions: [{ type: 'reply', reply: '确认' }] }
 * ```
 */
export function translateGuiText(text: string): GuiTranslation {
  const actions: GuiAction[] = [];
  const seen = new Set<string>();
  for (const [pattern, replacement, action] of guiRules()) {
    text = text.replace(pattern, (found, ...rest) => {
      const groups = rest.slice(0, -2).map((g) => (g === undefined ? '' : String(g)));
      const implied = typeof action === 'string' ? ({ type: action } as GuiAction) : action(...groups);
      const key = JSON.stringify(implied);
      if (!seen.has(key)) {
        seen.add(key);
        actions.push(implied);
      }
      return keepCase(found, typeof replacement === 'string' ? replacement : replacement(...groups));
    });
  }
  return { text, actions };
}
