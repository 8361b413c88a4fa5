import { describe, expect, test } from 'vitest';
import { routeIntent, type Intent } from '../../../src/studio/index.js';

// The spec's table ("Matching Input to Actions"), English and Chinese, plus what people type around it.
const TABLE: Record<Intent, string[]> = {
  export: ['export', 'Export!', 'EXPORT IT', 'download', 'download it please', 'send me the video', 'Send me the final video', '导出', '把视频导出', '下载视频'],
  credits: ['credits', 'how many credits do I have?', 'Credit balance', 'balance', 'balance?', 'my balance please', '积分', '还剩多少积分？', '余额', '查一下余额'],
  state: ['status', 'STATUS', "what's the status?", 'show tracks', 'Show me the timeline', "what's on the timeline", '状态', '查看状态', '显示轨道'],
  upload: ['upload', 'Upload these', '上传', '上传这张图片'],
  chat: ['generate a 30-second video from this script: Cities never sleep.', 'add lo-fi BGM', 'make it 15 seconds', '生成一个视频', 'hello', ''],
};

describe('the spec table, both languages, any case', () => {
  for (const [intent, phrases] of Object.entries(TABLE)) {
    test.each(phrases)(`"%s" → ${intent}`, (phrase) => expect(routeIntent(phrase)).toBe(intent));
  }
});

describe('no false positives: a word that only mentions an action is not a request for it', () => {
  test.each([
    // inflections are not the command (whole words only)
    ['add music that I uploaded yesterday'],
    ['the downloaded clip looks blurry'],
    ['exporting failed last time, why?'],
    ['use the exporter settings'],
    // an edit that also names an action goes to the agent whole, so nothing the user asked for is dropped
    ['make it vertical and export'],
    ['add a status bar to the title'],
    ['change the music, then download'],
    ['remove the end credits'],
    // about the video, not the account
    ['roll the end credits over the last scene'],
    ['credits roll at the end'],
    ['balance the music and the voice'],
    ['the balance between music and voice is off'],
    // Chinese: a past action (的/了/过, 已/刚) is a reference, and edit verbs win
    ['用我上传的图片生成视频'],
    ['我已经上传了'],
    ['刚上传的视频太暗了'],
    ['下载的音乐不好听'],
    ['改成竖屏然后导出'],
    ['添加一段背景音乐'],
  ])('"%s" → chat', (phrase) => expect(routeIntent(phrase)).toBe('chat'));
});

test('the first route of the table wins when several match', () => {
  expect(routeIntent('export status')).toBe('export');
  expect(routeIntent('credits and status')).toBe('credits');
});

describe('extensible by the caller', () => {
  test('extra keywords per route: whole words for Latin text, anywhere for Chinese, RegExps as given', () => {
    const keywords = { export: ['render', '出片'], state: [/^\s*timeline\s*\??$/i], credits: ['coins'] };
    expect(routeIntent('render it', { keywords })).toBe('export');
    expect(routeIntent('rendered badly', { keywords })).toBe('chat');
    expect(routeIntent('快点出片', { keywords })).toBe('export');
    expect(routeIntent('timeline?', { keywords })).toBe('state');
    expect(routeIntent('how many coins left', { keywords })).toBe('credits');
    expect(routeIntent('render it', {})).toBe('chat');
  });

  test('extra keywords obey the edit rule too', () => {
    expect(routeIntent('add a render of the logo', { keywords: { export: ['render'] } })).toBe('chat');
  });

  test('a custom matcher decides first; undefined leaves it to the table', () => {
    const match = (text: string) => (text.startsWith('/') ? 'chat' : text === 'ship it' ? 'export' : undefined);
    expect(routeIntent('/export', { match })).toBe('chat');
    expect(routeIntent('ship it', { match })).toBe('export');
    expect(routeIntent('balance', { match })).toBe('credits');
  });
});
