import { describe, expect, test } from 'vitest';
import { translateGuiText, type GuiAction } from '../../../src/studio/index.js';

// One row per line of the spec's "Backend Response Translation" table, in both languages.
const CASES: Array<[string, string, GuiAction[]]> = [
  // "click [button]" → execute via API
  ['Click the Apply button to confirm.', 'Say "Apply" to confirm.', [{ type: 'reply', reply: 'Apply' }]],
  ['Then click Generate.', 'Then say "Generate".', [{ type: 'reply', reply: 'Generate' }]],
  ['Tap "Save draft" when done.', 'Say "Save draft" when done.', [{ type: 'reply', reply: 'Save draft' }]],
  ['点击「确认」按钮', '回复“确认”', [{ type: 'reply', reply: '确认' }]],
  ['点击“保存”即可', '回复“保存”即可', [{ type: 'reply', reply: '保存' }]],
  ['Click Upload to add your photos.', 'Upload to add your photos.', [{ type: 'upload' }]],
  ['Drop your files here to start.', 'Upload your files to start.', [{ type: 'upload' }]],
  ['点击上传按钮添加素材', '上传添加素材', [{ type: 'upload' }]],
  // "open [panel]" → query session state
  ['Open the Media panel to see your uploads.', 'Check the project status to see your uploads.', [{ type: 'state', panel: 'Media' }]],
  ['open settings to change it', 'check the project status to change it', [{ type: 'state' }]],
  ['打开素材面板查看', '查看项目状态查看', [{ type: 'state', panel: '素材' }]],
  ['打开编辑器', '查看编辑器', [{ type: 'state' }]],
  // "drag/drop" → the user says the edit; it goes through the chat
  ['Drag the clip to the start.', 'Ask me to move the clip to the start.', [{ type: 'edit' }]],
  ['You can drag and drop clips to reorder them.', 'You can ask me to move clips to reorder them.', [{ type: 'edit' }]],
  ['将片段拖拽到开头', '告诉我把片段移动到开头', [{ type: 'edit' }]],
  ['你可以拖动片段调整顺序', '你可以告诉我移动片段调整顺序', [{ type: 'edit' }]],
  // "preview in timeline" → show the track summary
  ['Preview it in the timeline.', 'Review the timeline summary.', [{ type: 'timeline' }]],
  ['You can preview in timeline now', 'You can review the timeline summary now', [{ type: 'timeline' }]],
  ['可以在时间线预览效果', '可以查看时间线摘要效果', [{ type: 'timeline' }]],
  // "Export button" / "导出" → the export workflow
  ['Click the Export button to download the MP4.', 'Export to download the MP4.', [{ type: 'export' }]],
  ['then click "Download" to save it', 'then export to save it', [{ type: 'export' }]],
  ['Use the Export button.', 'Export.', [{ type: 'export' }]],
  ['The Export button is at the top.', 'Export is at the top.', [{ type: 'export' }]],
  ['然后点击导出按钮下载。', '然后导出下载。', [{ type: 'export' }]],
  ['视频可以导出了', '视频可以导出了', [{ type: 'export' }]],
  // Any letter case, and the other verbs: "click apply", "hit/press/tap the X button"
  ['click apply', 'say "apply"', [{ type: 'reply', reply: 'apply' }]],
  ['Click apply to confirm.', 'Say "apply" to confirm.', [{ type: 'reply', reply: 'apply' }]],
  ['CLICK APPLY', 'Say "APPLY"', [{ type: 'reply', reply: 'APPLY' }]],
  ['hit the apply button', 'say "apply"', [{ type: 'reply', reply: 'apply' }]],
  ['Hit the Save button when ready.', 'Say "Save" when ready.', [{ type: 'reply', reply: 'Save' }]],
  ['Press the Save button', 'Say "Save"', [{ type: 'reply', reply: 'Save' }]],
  ['press save', 'say "save"', [{ type: 'reply', reply: 'save' }]],
  ['tap the OK button', 'say "OK"', [{ type: 'reply', reply: 'OK' }]],
  ['Then tap confirm.', 'Then say "confirm".', [{ type: 'reply', reply: 'confirm' }]],
  ['click on the "Keep both" button', 'say "Keep both"', [{ type: 'reply', reply: 'Keep both' }]],
  ['click the export button', 'export', [{ type: 'export' }]],
  ['press Download video', 'export', [{ type: 'export' }]],
  ['tap upload', 'upload', [{ type: 'upload' }]],
  ['Hit the Upload button to add clips.', 'Upload to add clips.', [{ type: 'upload' }]],
  // A bare 点击确认 (no quotes, no 按钮), and the other verbs for a tap
  ['点击确认', '回复“确认”', [{ type: 'reply', reply: '确认' }]],
  ['点击确认即可。', '回复“确认”即可。', [{ type: 'reply', reply: '确认' }]],
  ['完成后点击保存，视频会更新', '完成后回复“保存”，视频会更新', [{ type: 'reply', reply: '保存' }]],
  ['单击「应用」按钮', '回复“应用”', [{ type: 'reply', reply: '应用' }]],
  ['点击导出', '导出', [{ type: 'export' }]],
  ['点击“下载”', '导出', [{ type: 'export' }]],
  ['点击上传', '上传', [{ type: 'upload' }]],
  // 打开…面板, wherever the panel is and however it is quoted
  ['打开右侧的素材面板', '查看项目状态', [{ type: 'state', panel: '素材' }]],
  ['打开 媒体 面板', '查看项目状态', [{ type: 'state', panel: '媒体' }]],
  ['打开「字幕」面板查看', '查看项目状态查看', [{ type: 'state', panel: '字幕' }]],
  ['打开设置页面', '查看项目状态', [{ type: 'state', panel: '设置' }]],
  ['Open the audio tab.', 'Check the project status.', [{ type: 'state', panel: 'audio' }]],
];

describe("every row of the spec's translation table", () => {
  test.each(CASES)('%s', (input, text, actions) => {
    expect(translateGuiText(input)).toEqual({ text, actions });
  });
});

test("the emulator's (and the service's) closing line: the summary and the export, never a button", () => {
  const { text, actions } = translateGuiText(
    'Your 30-second video "Urban Dreams" is ready. Preview it in the timeline, then click the Export button to download the MP4.',
  );
  expect(text).toBe('Your 30-second video "Urban Dreams" is ready. Review the timeline summary, then export to download the MP4.');
  expect(actions).toEqual(expect.arrayContaining([{ type: 'timeline' }, { type: 'export' }]));
  expect(actions).toHaveLength(2);
  expect(text).not.toMatch(/click|button|preview/i);
});

test('an action is listed once however often it is asked for', () => {
  const { actions } = translateGuiText('Click Export. Or press the Export button. 导出也行。');
  expect(actions).toEqual([{ type: 'export' }]);
});

test('text without GUI phrases comes back unchanged, with no actions', () => {
  for (const text of [
    'Done: added Jazz background music at 35%.',
    'I can open with a wide shot of the city.',
    'click here',
    'Click here to continue',
    'tap on it',
    'press and hold to record',
    '',
  ]) {
    expect(translateGuiText(text)).toEqual({ text, actions: [] });
  }
});
