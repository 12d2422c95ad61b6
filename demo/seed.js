// Demo data shaped like the reference thread (neutral text of our own): one-word comments, a long
// multi-paragraph one, a word-for-word double post, threaded and unthreaded replies, heated
// language, right-to-left comments, emoji, curly quotes and combining marks.
(function () {
  const hour = 3600 * 1000;
  const base = Date.now() - 40 * hour;
  const at = (h) => new Date(base + h * hour).toISOString();
  const long =
    'I have lived beside the river for thirty years, and I want to add some context that the article only touches on. ' +
    'The consultation was not two years of talking for its own sake: the first plan put the playground on the flood plain, ' +
    'and it was residents who pointed out that it would have been under water twice last winter.\n\n' +
    'The second plan moved it uphill, kept the old boathouse and added a path that people in wheelchairs can actually use. ' +
    'That is the plan the council approved, and I think it is a good one, even if the budget line for maintenance still ' +
    'looks thin to me.\n\n' +
    'What I would ask the council now is simple: publish the maintenance schedule, say who is responsible for the ' +
    'riverbank, and hold one more open meeting before the work starts so that people who missed the earlier rounds ' +
    'can see what was decided and why.';
  window.COLLOQUY_DEMO_SEED = [
    { id: 'd1', body: 'exactly', createdAt: at(0) },
    { id: 'd2', authorName: 'Martin K.', body: long, createdAt: at(1) },
    { id: 'd3', body: 'very true', createdAt: at(2) },
    { id: 'd4', authorName: 'Grumpy Reader', body: 'Only a fool would call this money well spent. The council has no idea what it is doing, and neither does whoever wrote this.', createdAt: at(3) },
    { id: 'd5', authorName: 'Ines', parentId: 'd4', body: 'You can disagree without insulting people. The costs are in the second paragraph.', createdAt: at(4) },
    { id: 'd6', authorName: 'Tom', body: 'Will the car park on Mill Lane stay open during the works?', createdAt: at(6) },
    { id: 'd7', authorName: 'عائشہ', body: 'یہ بہت اچھی خبر ہے۔ بچوں کے لیے کھیلنے کی محفوظ جگہ کی ضرورت تھی۔', createdAt: at(8) },
    { id: 'd8', authorName: 'Tom', body: 'Will the car park on Mill Lane stay open during the works?', createdAt: at(8.02) },
    { id: 'd9', body: '@Martin K. agreed — an open meeting before the diggers arrive would help a lot.', createdAt: at(10) },
    { id: 'd10', authorName: 'سارا', body: 'خبر رائعة، شكراً على التغطية 🌳', createdAt: at(12) },
    { id: 'd11', authorName: 'Zoë', parentId: 'd6', body: 'The article says “partly” — the north half stays open. Café’s fine too ☕️ (naïve question: is the bridge affected?)', createdAt: at(14) },
    { id: 'd12', authorName: 'Ramón', body: 'Good news 👍🏽👨‍👩‍👧‍👦🇵🇰', createdAt: at(20) },
  ];
})();
