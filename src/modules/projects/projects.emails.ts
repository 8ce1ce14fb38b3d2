import { projectPaths } from './projects.paths.js';
import type { Project } from './projects.repository.js';
import type { Progress } from './projects.progress.js';
import { stageLabels } from './projects.view-models.js';

/** Where links in emails point: the place's own address. */
export type Links = { baseUrl: string };
export type Email = { subject: string; body: string };

const link = (links: Links | undefined, id: string) => (links ? `\n\n${links.baseUrl}${projectPaths.project(id)}` : '');

/** To the proposer, when the council declines their project or takes it down. */
export function declinedEmail(project: Project, reason: string, links?: Links): Email {
  const was = project.publishedAt ? 'has been taken down' : 'has not been published';
  return {
    subject: `Your project "${project.title}" ${was}`,
    body: `Your project "${project.title}" ${was}.\n\nThe reason the council gave:\n\n${reason}\n\nYou can change the project and ask the council to look at it again by replying to this email.${link(links, project.id)}`,
  };
}

/** To the organisers, the first time enough people are in. `project` is as it was before the join. */
export function thresholdMetEmail(project: Project, progress: Progress, links?: Links): Email {
  const stage =
    project.stage === 'idea' ? ` It has moved from "${stageLabels.idea}" to "${stageLabels.gathering}".` : '';
  return {
    subject: `Enough people to start "${project.title}"`,
    body: `Good news: ${progress.members} people are now in "${project.title}", which is the ${project.threshold} you said you needed to start.${stage}\n\nNow is a good time to plan the first session.${link(links, project.id)}`,
  };
}
