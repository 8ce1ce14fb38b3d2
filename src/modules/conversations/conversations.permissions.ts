import type { CurrentUser } from '../../platform/context.js';
import { hasRole } from '../../platform/context.js';
import type { Conversation } from './conversations.repository.js';

type Viewer = Pick<CurrentUser, 'id' | 'placeId' | 'role'> | null;

/**
 * Who may do what in a conversation. Officers and admins of the place run conversations (open,
 * change, close, moderate); drafts are theirs alone. Who may vote and add statements is the
 * conversation's own setting: signed-in people of the place, or anyone with the link, with or
 * without an account.
 */
export const conversationPermissions = {
  /** Opening, changing, closing and moderating. */
  canManage: (viewer: Viewer, placeId: string): boolean =>
    Boolean(viewer && viewer.placeId === placeId && hasRole(viewer.role, 'officer')),
  /** Drafts are for officers; open and closed conversations are public. */
  canSee(viewer: Viewer, conversation: Conversation): boolean {
    return conversation.status !== 'draft' || conversationPermissions.canManage(viewer, conversation.placeId);
  },
  /** Whether this viewer may vote and add statements (ignoring dates and status). */
  mayTakePart(viewer: Viewer, conversation: Conversation): 'yes' | 'sign-in' {
    if (viewer && viewer.placeId === conversation.placeId) return 'yes';
    if (conversation.audience === 'link' && conversation.anonymousAllowed) return 'yes';
    return 'sign-in';
  },
};
