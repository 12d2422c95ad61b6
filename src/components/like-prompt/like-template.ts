/** The like prompt's one template (`<colloquy-like-prompt>` and the reader stage render it). */
import { html, nothing } from 'lit/html.js';
import type { AdapterError, ReactionSummary, ReactionValue } from '../../core/adapter.js';
import type { Localizer } from '../../i18n/index.js';
import { tokens } from '../shared/tokens.styles.js';
import styles from './like-prompt.styles.js';

/** The style sheets of the element this template renders (the reader stage adopts the same ones). */
export const LIKE_STYLES = [tokens, styles];

/** Parts of the like prompt. */
export const LIKE_PARTS = ['like-prompt', 'like-question', 'like-button', 'like-button-yes', 'like-button-no', 'like-button-pressed', 'like-thanks', 'like-counts', 'like-error'];

/** What the prompt shows: a ReactionStore has all of it. */
export interface LikeState {
  readonly supported: boolean;
  readonly vote: ReactionValue | null;
  readonly busy: boolean;
  readonly summary: ReactionSummary | null;
  readonly error: AdapterError | null;
}

/** Yes and No, each calling `onVote` (none in the reader stage: its clicks wait for the interaction stage). */
export function renderLikePrompt(l: Localizer, store: LikeState | null, onVote?: (value: ReactionValue) => void) {
  if (!store?.supported) return nothing;
  const s = store.summary;
  const button = (value: ReactionValue, label: string) => {
    const pressed = store.vote === value;
    const name = value === 'like' ? 'like-button-yes' : 'like-button-no';
    return html`<button part="like-button ${name}${pressed ? ' like-button-pressed' : ''}" type="button" aria-pressed=${pressed ? 'true' : 'false'} aria-disabled=${store.busy ? 'true' : 'false'} @click=${onVote && (() => onVote(value))}>${label}</button>`;
  };
  return html`<div part="like-prompt" role="group" aria-labelledby="question"><p part="like-question" id="question" class="question">${l.t('likePrompt')}</p><div class="buttons">${button('like', l.t('likeYes'))} ${button('dislike', l.t('likeNo'))}</div><div role="status" class="feedback">${store.vote !== null ? html`<p part="like-thanks" class="thanks">${l.t('likeThanks')}</p>` : nothing}${store.vote !== null && s
    ? html`<p part="like-counts" class="counts">${l.t('likeCounts', { likes: s.likes, dislikes: s.dislikes })}</p>`
    : nothing}${store.error ? html`<p part="like-error" class="error">${l.t('likeFailed', { reason: l.error(store.error) })}</p>` : nothing}</div></div>`;
}
