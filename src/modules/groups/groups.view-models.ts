import type { Area } from '../../core/areas/index.js';
import { groupPaths } from './groups.paths.js';
import type { Group } from './groups.repository.js';
import type { GroupRole } from './groups.schema.js';

type Ward = Pick<Area, 'id' | 'name'>;

const wardName = (wards: Ward[], wardId: string | null) =>
  wardId ? wards.find((w) => w.id === wardId)?.name : undefined;

/** The list of groups, in one ward when filtered. */
export function groupListView(
  groups: (Group & { members: number })[],
  wards: Ward[],
  ward: string | undefined,
  canStart: boolean,
) {
  return {
    canStart,
    filtered: Boolean(ward),
    groups: groups.map((g) => ({
      name: g.name,
      href: groupPaths.group(g.id),
      wardName: wardName(wards, g.wardId),
      members: g.members,
      description: g.description,
    })),
    wardItems: [
      { value: '', text: 'All wards' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === ward })),
    ],
  };
}

/** The form to start or change a group: saved values, or what was typed when it comes back with errors. */
export function groupFormView(wards: Ward[], group?: Group, typed?: Record<string, unknown>) {
  const values: Record<string, unknown> = typed ?? (group ? { ...group } : {});
  return {
    group,
    action: group ? groupPaths.edit(group.id) : groupPaths.start,
    values,
    wards: [
      { value: '', text: 'Not one ward' },
      ...wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === values.wardId })),
    ],
  };
}

type Member = { userId: string; role: GroupRole; displayName: string };

/**
 * One group's page. Everyone sees what it does, its ward, its contact and how many members it
 * has; only its members (and officers) see who they are, and then by display name only.
 */
export function groupView(input: {
  group: Group;
  ward: Ward | undefined;
  memberCount: number;
  members: Member[] | null;
  myRole: GroupRole | null;
  signedIn: boolean;
  mayRun: boolean;
  officer: boolean;
  projects: {
    project: { id: string; title: string; summary: string };
    sessions: { id: string; title: string; startsAt: Date }[];
  }[];
}) {
  const { group, members, mayRun } = input;
  return {
    group,
    ward: input.ward,
    memberCount: input.memberCount,
    myRole: input.myRole,
    signedIn: input.signedIn,
    mayRun,
    officer: input.officer,
    members: members?.map((m) => ({ ...m, canMakeLead: mayRun && m.role === 'member' })) ?? null,
    projects: input.projects,
  };
}
