/**
 * English messages: the default catalog. Every string the widget shows lives here.
 * `{name}` marks a parameter. A plural message is an object keyed by `Intl.PluralRules`
 * categories (zero, one, two, few, many, other) plus optional exact matches such as "=0".
 */
export const en = {
  sectionLabel: 'Comments',
  likePrompt: 'Do you like this article?',
  likeYes: 'Yes',
  likeNo: 'No',
  likeThanks: 'Thanks for your feedback',
  likeCounts: '{likes} yes · {dislikes} no',
  likeFailed: 'Your vote was not saved. {reason}',
  commentCount: { '=0': 'No comments yet', one: '{n} comment', other: '{n} comments' },
  policyLink: 'Comment Policy',
  requiredNote: 'Denotes required field',
  nameLabel: 'Name',
  emailLabel: 'E-mail',
  emailHint: 'Never shown publicly.',
  bodyLabel: 'Comment',
  replyBodyLabel: 'Your reply to {name}',
  submit: 'Post comment',
  submitReply: 'Post reply',
  submitting: 'Posting…',
  cancel: 'Cancel',
  reply: 'Reply',
  replyingTo: 'replying to {name}',
  anonymous: 'Anonymous',
  sending: 'Sending…',
  awaitingModeration: 'Your comment is awaiting moderation',
  counterRemaining: { one: '{n} character left', other: '{n} characters left' },
  counterAtLimit: 'Character limit reached',
  pasteCut: 'Your paste was cut to fit the {max}-character limit.',
  nameRequired: 'Please enter your name.',
  nameTooLong: 'Your name is too long.',
  emailRequired: 'Please enter your e-mail address.',
  emailInvalid: 'Please enter a valid e-mail address, like name@example.com.',
  bodyRequired: 'Please write a comment.',
  bodyBlank: 'Your comment only has spaces in it. Please write something.',
  bodyTooLong: 'Your comment is longer than {max} characters.',
  loading: 'Loading comments…',
  empty: 'Be the first to comment.',
  loadFailed: 'Comments could not be loaded. {reason}',
  retry: 'Try again',
  loadMore: 'Load more comments',
  loadingMore: 'Loading…',
  moreReplies: { one: 'Show {n} more reply', other: 'Show {n} more replies' },
  sortLabel: 'Sort by',
  sortOldest: 'Oldest',
  sortNewest: 'Newest',
  sortLiked: 'Most liked',
  commentLike: 'Like',
  commentLikeCount: { '=0': 'No likes', one: '{n} like', other: '{n} likes' },
  commentLikeFailed: 'Your like could not be saved. {reason}',
  postFailed: 'Your comment was not posted. {reason} Your text is still here.',
  earlierVersionPosted: 'An earlier version of your comment was already posted, so nothing new was sent. Your edited text is still here: post it again to add it as a new comment.',
  offlineNotice: 'You are offline. What you write is kept here; post it when you are back online.',
  offlineNotSent: 'You are offline, so your comment was not sent. It is kept here: try again when you are back online.',
  forgetMe: 'Forget my name and e-mail',
  errNetwork: 'Could not reach the comment service. Check your connection.',
  errRateLimited: { '=0': 'Too many comments at once. Please wait a moment.', one: 'Too many comments at once. Try again in {n} second.', other: 'Too many comments at once. Try again in {n} seconds.' },
  errRejected: 'The comment service refused it: {message}',
  errNotFound: 'The comment service does not know this thread or comment.',
  errServer: 'The comment service had a problem. Please try again.',
  errMalformed: 'The comment service sent an answer that could not be read. Please try again later.',
  errTimeout: 'The comment service took too long to answer. Please try again.',
} satisfies Record<string, string | PluralMessage>;

/** A message with plural forms. */
export type PluralMessage = { other: string } & Partial<Record<Intl.LDMLPluralRule | `=${number}`, string>>;

/** The shape of every catalog: the English keys. */
export type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : PluralMessage };

/** Keys of plain (non-plural) messages. */
export type TextKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
/** Keys of plural messages. */
export type PluralKey = Exclude<keyof Messages, TextKey>;
