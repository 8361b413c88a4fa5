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
  for (const text of ['Done: added Jazz background music at 35%.', 'I can open with a wide shot of the city.', 'click here', '']) {
    expect(translateGuiText(text)).toEqual({ text, actions: [] });
  }
});
