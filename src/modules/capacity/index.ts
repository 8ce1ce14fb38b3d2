import type { AccountsService, PeopleDirectory } from '../../core/accounts/index.js';
import type { AreasService } from '../../core/areas/index.js';
import type { MailService } from '../../core/mail/index.js';
import type { Db } from '../../platform/db.js';
import { defineModule } from '../../platform/modules.js';
import type { ProjectsService } from '../projects/index.js';
import { seedCapacityDemo } from './capacity.demo.js';
import { capacityPaths } from './capacity.paths.js';
import { capacityAsks, capacityNeeds, capacityOffers } from './capacity.schema.js';
import { createCapacityService } from './capacity.service.js';
import { capacityWeb } from './capacity.web.js';

export type { CapacityService } from './capacity.service.js';

type Needs = {
  db: Db;
  areas: AreasService;
  people: PeopleDirectory;
  accounts: AccountsService;
  mail: MailService;
  projects: ProjectsService;
};

/**
 * The capacity inventory of asset-based community development: what residents could share
 * (skills, passions, time, a space, kit), said on their account with two plain consents; what
 * projects need; and a way for organisers to ask the people who could help without learning who
 * they are. Counted per ward for the strength map (`capacity.offersByWard`).
 */
export const capacityModule = defineModule<Needs>()({
  name: 'capacity',
  services: ({ db, areas, people, accounts, mail, projects }) => ({
    capacity: createCapacityService(db, { projects, people, accounts, areas, mail }),
  }),
  paths: capacityPaths,
  tables: { capacityOffers, capacityNeeds, capacityAsks },
  demo: seedCapacityDemo,
  async personalData({ capacity }, placeId, userId) {
    const [offer, asks] = await Promise.all([capacity.offerOf(placeId, userId), capacity.asksBy(placeId, userId)]);
    return {
      offer: offer
        ? {
            kinds: offer.kinds,
            description: offer.description,
            countInWardFigures: offer.countInWard,
            organisersMayMessage: offer.mayBeAsked,
            madeAt: offer.createdAt.toISOString(),
            changedAt: offer.updatedAt.toISOString(),
          }
        : null,
      messagesSent: asks.map((a) => ({
        projectId: a.projectId,
        to: a.reach === 'ward' ? "people in the project's ward" : 'everyone in the area',
        kinds: a.kinds,
        message: a.message,
        recipients: a.recipients,
        sentAt: a.createdAt.toISOString(),
      })),
    };
  },
  async register(app, { capacity, people, areas }) {
    await app.register(capacityWeb, { capacity, people, areas });
  },
});
