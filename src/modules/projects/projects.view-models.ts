import { paths as corePaths } from '../../platform/paths.js';
import type { Area } from '../../core/areas/index.js';
import { projectPaths } from './projects.paths.js';
import type { MemberName, MemberRole, Project } from './projects.repository.js';
import type { projectLeadTypes } from './projects.schema.js';
import { projectCategories, projectStages } from './projects.schema.js';
import type { Progress } from './projects.progress.js';

/** What each category is called, on every page that names one (What's on included). */
export const categoryLabels: Record<(typeof projectCategories)[number], string> = {
  cooking: 'Cooking',
  growing: 'Growing',
  making: 'Making',
  repair: 'Repair',
  play: 'Play',
  learning: 'Learning',
  trading: 'Trading',
  other: 'Something else',
};

export const stageLabels: Record<(typeof projectStages)[number], string> = {
  idea: 'Idea',
  gathering: 'Gathering people',
  testing: 'Testing',
  running: 'Running',
  paused: 'Paused',
  ended: 'Ended',
  enterprise: 'Became a business or social enterprise',
};

export const leadTypeLabels: Record<(typeof projectLeadTypes)[number], string> = {
  resident: 'Resident',
  community_group: 'Community group',
  council: 'Council',
  partner: 'Partner organisation',
};

const memberRoleLabels: Record<MemberRole, string> = {
  organiser: 'Organiser',
  co_organiser: 'Co-organiser',
  member: 'Member',
};

/** What the progress towards the threshold says, in words. */
export function progressText(p: Pick<Progress, 'members' | 'threshold' | 'met'>): string {
  if (p.threshold === null) return `${p.members} ${p.members === 1 ? 'person is' : 'people are'} in`;
  if (p.met) return 'Enough people to start';
  return `${p.members} of ${p.threshold} people needed`;
}

type Ward = Pick<Area, 'id' | 'name' | 'code'>;
type Item = { value: string; text: string; selected?: boolean; checked?: boolean };

/** The filters of the list, as the GET form sends them. */
export type ListFilter = {
  ward?: string | undefined;
  category?: Project['category'] | undefined;
  stage?: Project['stage'] | undefined;
};

/** A project in a list: where it is, what it is, and who's in. */
function card(p: Project, wardNames: Map<string, string>, progress: Progress) {
  return {
    title: p.title,
    href: projectPaths.project(p.id),
    categoryLabel: categoryLabels[p.category],
    stageLabel: stageLabels[p.stage],
    wardName: p.areaId ? wardNames.get(p.areaId) : undefined,
    progressText: progressText(progress),
  };
}

function pagination(filter: ListFilter, page: number, pages: number) {
  if (pages <= 1) return null;
  const href = (n: number) =>
    `${projectPaths.projects}?${new URLSearchParams({
      ...(filter.ward ? { ward: filter.ward } : {}),
      ...(filter.category ? { category: filter.category } : {}),
      ...(filter.stage ? { stage: filter.stage } : {}),
      page: String(n),
    })}`;
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: href(i + 1), current: i + 1 === page })),
  };
}

/** The list of published projects, the viewer's own projects, and the filters. */
export function projectListView(input: {
  list: Project[];
  mine: (Project & { memberRole: MemberRole })[];
  progress: (p: Project) => Progress;
  wards: Ward[];
  filter: ListFilter;
  total: number;
  page: number;
  pages: number;
}) {
  const { filter, wards } = input;
  const wardNames = new Map(wards.map((w) => [w.id, w.name]));
  return {
    projects: input.list.map((p) => card(p, wardNames, input.progress(p))),
    total: input.total,
    pagination: pagination(filter, input.page, input.pages),
    mine: input.mine.map((p) => ({
      ...card(p, wardNames, input.progress(p)),
      status: p.status,
      roleLabel: memberRoleLabels[p.memberRole],
    })),
    filtered: Boolean(filter.ward || filter.category || filter.stage),
    wardItems: [
      { value: '', text: 'Any ward' },
      ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === filter.ward })),
    ],
    categoryItems: [
      { value: '', text: 'Any category' },
      ...projectCategories.map((c) => ({ value: c, text: categoryLabels[c], selected: c === filter.category })),
    ],
    stageItems: [
      { value: '', text: 'Any stage' },
      ...projectStages.map((s) => ({ value: s, text: stageLabels[s], selected: s === filter.stage })),
    ],
  };
}

/** A session on the project page, as the sessions module links it. */
export type UpcomingSession = { href: string; startsAt: Date; spaceName: string | null; dropIn: boolean };

/**
 * What the project page shows of a project's sessions. The sessions module supplies it (as the
 * `projectSessions` service): sessions build on projects, so projects cannot ask for them by name.
 */
export type ProjectSessions = {
  /** The next few published sessions, soonest first. */
  upcoming(placeId: string, projectId: string): Promise<UpcomingSession[]>;
  calendarHref(projectId: string): string;
  scheduleHref(projectId: string): string;
};

/**
 * The community group that runs a project, as the groups module supplies it (the `projectGroup`
 * service): groups build on projects, so projects cannot ask for them by name.
 */
export type ProjectGroup = {
  groupOf(placeId: string, projectId: string): Promise<{ name: string; href: string } | null>;
};

/** One project's page, as the viewer may act on it. */
export function projectView(input: {
  project: Project;
  ward: Ward | undefined;
  members: MemberName[];
  progress: Progress;
  viewerId: string | null;
  canOrganise: boolean;
  isOfficer: boolean;
  /** The "When it meets" section: published projects only. */
  sessions: { upcoming: UpcomingSession[]; calendarHref: string } | null;
  /** Where organisers schedule a session, when the sessions module is enabled. */
  scheduleHref: string | null;
  /** The group that runs it, when the groups module is enabled and one does. */
  group?: { name: string; href: string } | null;
}) {
  const { project, members, progress } = input;
  const me = input.viewerId ? members.find((m) => m.userId === input.viewerId) : undefined;
  return {
    project,
    categoryLabel: categoryLabels[project.category],
    stageLabel: stageLabels[project.stage],
    leadTypeLabel: leadTypeLabels[project.leadType],
    ward: input.ward,
    organisers: members.filter((m) => m.role !== 'member'),
    memberCount: members.length,
    progress,
    progressText: progressText(progress),
    me,
    signInHref: `${corePaths.signIn}?returnTo=${encodeURIComponent(projectPaths.project(project.id))}`,
    canOrganise: input.canOrganise,
    isOfficer: input.isOfficer,
    sessions: input.sessions,
    scheduleHref: input.canOrganise ? input.scheduleHref : null,
    group: input.group ?? null,
  };
}

/** The fields of the propose and edit forms, with the choices the viewer may make. */
export function projectFormView(input: {
  values: Record<string, unknown>;
  wards: Ward[];
  leadTypes: readonly Project['leadType'][];
}) {
  const { values } = input;
  return {
    values,
    wards: [
      { value: '', text: 'Choose a ward' },
      ...input.wards.map((w) => ({ value: w.id, text: w.name, selected: w.id === values.areaId })),
    ] satisfies Item[],
    categoryItems: projectCategories.map((c) => ({
      value: c,
      text: categoryLabels[c],
      selected: c === values.category,
    })),
    leadTypeItems: input.leadTypes.map((l) => ({ value: l, text: leadTypeLabels[l], checked: l === values.leadType })),
    stageItems: projectStages.map((s) => ({ value: s, text: stageLabels[s], checked: s === values.stage })),
  };
}

/** A project's saved details as the edit form shows them. */
export function projectFormValues(project: Project): Record<string, unknown> {
  return {
    title: project.title,
    summary: project.summary,
    why: project.why,
    category: project.category,
    areaId: project.areaId,
    needsPeople: project.needs.people ? 'yes' : undefined,
    needsSkills: project.needs.skills ?? '',
    needsSpace: project.needs.space ?? '',
    needsKit: project.needs.kit ?? '',
    leadType: project.leadType,
    threshold: project.threshold === null ? '' : String(project.threshold),
    stage: project.stage,
  };
}

/** The co-organisers, and the members who could become one. */
export function coOrganisersView(members: MemberName[]) {
  return {
    memberItems: [
      { value: '', text: 'Choose a member' },
      ...members.filter((m) => m.role === 'member').map((m) => ({ value: m.userId, text: m.displayName })),
    ],
    coOrganisers: members.filter((m) => m.role === 'co_organiser'),
  };
}

/** The officers' queue: projects waiting to be checked, and projects nobody is left to run. */
export function queueView(pending: Project[], orphaned: Project[], wards: Ward[], moderation: 'pre' | 'post') {
  const wardNames = new Map(wards.map((w) => [w.id, w.name]));
  const row = (p: Project) => ({
    id: p.id,
    title: p.title,
    href: projectPaths.project(p.id),
    editHref: projectPaths.edit(p.id),
    publishAction: projectPaths.publish(p.id),
    declineHref: projectPaths.decline(p.id),
    categoryLabel: categoryLabels[p.category],
    leadTypeLabel: leadTypeLabels[p.leadType],
    wardName: p.areaId ? wardNames.get(p.areaId) : undefined,
    createdAt: p.createdAt,
  });
  return {
    pending: pending.map(row),
    orphaned: orphaned.map(row),
    moderation,
  };
}

/** The page where an officer declines a project or takes it down. */
export function declineView(project: Project, values: Record<string, unknown>) {
  return {
    project,
    values,
  };
}
