import { sql } from 'drizzle-orm';
import { rebuildRollups } from './modules/participation/index.js';
import type { Services } from './services.js';

/**
 * The demo borough's community life: spaces, dozens of projects across every ward and stage,
 * weekly sessions from about a year ago to two months ahead, and attendance with summer peaks
 * and winter lows. Set-based SQL with md5-derived choices, so it is quick and the same every time
 * it is seeded on the same day (dates are anchored to the Monday of the week it is seeded).
 */

type ProjectIdea = [title: string, category: string, summary: string];

const IDEAS: ProjectIdea[] = [
  [
    'Open Table community cooking',
    'cooking',
    'Cook a meal together once a week with whatever is in season, then sit down and eat it.',
  ],
  ['Repair café', 'repair', 'Bring a broken lamp, toaster or jumper and fix it with neighbours who know how.'],
  ['Play street', 'play', 'Close the street to cars for an afternoon so children can play out safely.'],
  [
    'Seed swap and growing club',
    'growing',
    'Swap seeds and cuttings, and grow food in the shared beds behind the hub.',
  ],
  ['Sewing circle', 'making', 'Learn to sew, mend and alter clothes. Machines and thread provided.'],
  ['Bike maintenance trade school', 'learning', 'Learn to fix punctures, brakes and gears on your own bike.'],
  ['Tool library', 'trading', 'Borrow drills, ladders and garden tools instead of buying them.'],
  ['Batch cooking for busy families', 'cooking', 'Make five freezer meals in two hours and take them home.'],
  [
    'Pocket park planting',
    'growing',
    'Turn the bare patch by the bus stop into a small park with benches and flowers.',
  ],
  ['Woodwork for beginners', 'making', 'Make a stool, a shelf or a planter with hand tools, safely.'],
  ['Homework club', 'learning', 'A quiet place with volunteers to help with homework after school.'],
  ['Street choir', 'other', 'Sing together, no experience needed. We perform at the summer fair.'],
  ['Kids’ bike library', 'play', 'Children borrow a bike that fits, and swap it when they grow.'],
  ['Community fridge', 'cooking', 'Share surplus food from shops and gardens so nothing goes to waste.'],
  ['Knit and natter', 'making', 'Knitting, crochet and a cup of tea. Beginners welcome.'],
  ['Digital skills drop-in', 'learning', 'Help with phones, tablets, email and online forms.'],
  ['Makers’ market', 'trading', 'A monthly stall for local makers to sell what they have made.'],
  ['Allotment share', 'growing', 'Share the work and the harvest of an allotment that was too much for one person.'],
];

const STAGES = [
  'running',
  'running',
  'testing',
  'running',
  'gathering',
  'idea',
  'running',
  'paused',
  'running',
  'ended',
  'enterprise',
  'running',
];
const LEADS = ['resident', 'resident', 'community_group', 'resident', 'council', 'resident', 'partner', 'resident'];

const SPACES: [name: string, kind: string, address: string | null, capacity: number | null, equipment: string[]][] = [
  ['Riverside Hub', 'hub', '12 High Street', 40, ['Projector', 'Urn', 'Folding tables']],
  ['The Corner Shop', 'shop', '3 Brook Street', 20, ['Sewing machines', 'Kettle']],
  ["St Mary's Church Hall", 'hall', 'Church Road', 80, ['Chairs for 80', 'Kitchen']],
  ['Millbrook Park', 'park', 'Millbrook Road entrance', null, ['Gazebo', 'Garden tools']],
  ['Kingsmead Community Centre', 'hall', '45 Kingsmead Way', 60, ['Kitchen', 'Hearing loop']],
  ['The Workshop at Ferry Lane', 'hub', 'Unit 4, Ferry Lane', 16, ['Workbenches', 'Hand tools', 'Bike stand']],
  ['Marsh Gate Library', 'hub', 'Marsh Gate Library, Station Road', 24, ['Laptops', 'Wi-fi']],
  ['Online (video call)', 'online', null, 30, []],
];

/** Given names and surnames for demo people (shared with demo.ts). */
export const FIRST = [
  'Aisha',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Femi',
  'Grace',
  'Hassan',
  'Isla',
  'Jamal',
  'Kasia',
  'Leo',
  'Maya',
  'Niamh',
  'Oluwaseun',
  'Pat',
  'Rosa',
  'Sanjay',
  'Tariq',
  'Uma',
  'Wen',
  'Yusuf',
  'Zofia',
  'Amir',
  'Bea',
  'Callum',
  'Daisy',
  'Eamon',
  'Fatima',
  'George',
];
export const LAST = [
  'Adeyemi',
  'Brown',
  'Chen',
  'Davies',
  'Evans',
  'Fernandes',
  'Green',
  'Hughes',
  'Iqbal',
  'Jones',
  'Kowalski',
  'Lewis',
  'Murphy',
  'Nowak',
  'Osei',
  'Patel',
  'Quinn',
  'Roberts',
  'Singh',
  'Taylor',
  'Walker',
  'Young',
];

/** Extra residents who take part (they have no password: the demo's sign-in accounts are the named ones). */
const DEMO_PARTICIPANTS = 420;

/** A trusted whole number written into SQL as a literal, so PostgreSQL knows its type. */
function int(n: number) {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
  return sql.raw(String(n));
}

export async function seedDemoActivity(
  services: Services,
  placeId: string,
  opts: { wardIds: string[]; organiserIds: string[]; residentId: string; now?: Date },
): Promise<void> {
  const db = services.db;
  const now = opts.now ?? new Date();
  const monday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)),
  );
  const anchor = monday.toISOString().slice(0, 10);
  const seed = `demo-${placeId}`;
  const wards = sql`array[${sql.join(
    opts.wardIds.map((w) => sql`${w}::uuid`),
    sql`, `,
  )}]`;

  await db.transaction(async (tx) => {
    // People who take part, living in every ward.
    await tx.execute(sql`
      insert into users (id, place_id, email, display_name, home_area_id, role, created_at)
      select md5(${seed} || '-p-' || g)::uuid, ${placeId}, 'participant.' || g || '@residents.example',
             (array[${sql.join(
               FIRST.map((f) => sql`${f}`),
               sql`, `,
             )}])[1 + (g * 7) % ${int(FIRST.length)}]
               || ' ' || left((array[${sql.join(
                 LAST.map((l) => sql`${l}`),
                 sql`, `,
               )}])[1 + (g * 11) % ${int(LAST.length)}], 1) || '.',
             (${wards})[1 + g % ${int(opts.wardIds.length)}], 'resident', ${anchor}::date - 420
      from generate_series(1, ${DEMO_PARTICIPANTS}::int) g`);

    // Spaces, spread across the wards.
    for (const [i, [name, kind, address, capacity, equipment]] of SPACES.entries()) {
      await tx.execute(sql`
        insert into spaces (id, place_id, name, kind, address, area_id, capacity, opening_times, accessibility, equipment)
        values (md5(${seed} || '-s-' || ${String(i)})::uuid, ${placeId}, ${name}, ${kind}, ${address},
                ${kind === 'online' ? null : opts.wardIds[(i * 5) % opts.wardIds.length]!}::uuid, ${capacity === null ? null : int(capacity)},
                ${kind === 'park' ? 'Open every day, dawn to dusk' : kind === 'online' ? 'Whenever a session is on' : 'Monday to Saturday, 9am to 9pm'},
                ${kind === 'park' ? 'Level paths from the Millbrook Road entrance; accessible toilet in the café' : kind === 'online' ? 'Captions on; join by phone if you prefer' : 'Step-free entrance, accessible toilet and a hearing loop'},
                ${JSON.stringify(equipment)}::jsonb)`);
    }

    // Two projects a ward, every stage and lead type represented; three wait for an officer.
    for (let i = 0; i < opts.wardIds.length * 2; i++) {
      const [title, category, summary] = IDEAS[i % IDEAS.length]!;
      const stage = STAGES[i % STAGES.length]!;
      const lead = LEADS[i % LEADS.length]!;
      const status = i === 5 || i === 17 || i === 29 ? 'pending' : 'published';
      const ward = opts.wardIds[i % opts.wardIds.length]!;
      const organiser = opts.organiserIds[i % opts.organiserIds.length]!;
      const id = sql`md5(${seed} || '-pr-' || ${String(i)})::uuid`;
      await tx.execute(sql`
        insert into projects (id, place_id, title, summary, why, category, area_id, needs, stage, lead_type, threshold, status, created_by, published_at, created_at)
        values (${id}, ${placeId}, ${title}, ${summary}, 'Because people here asked for it, and it is better done together.',
                ${category}, ${ward}::uuid, ${JSON.stringify({ people: true, skills: i % 3 ? '' : 'Someone who can keep the accounts', space: '', kit: i % 4 ? '' : 'A second-hand gazebo' })}::jsonb,
                ${stage}, ${lead}, ${stage === 'idea' || stage === 'gathering' ? int(5 + (i % 4)) : null}, ${status}, ${organiser}::uuid,
                ${status === 'published' ? sql`${anchor}::date - ${int(400 - i * 9)}` : null}, ${anchor}::date - ${int(410 - i * 9)})`);
      await tx.execute(sql`
        insert into project_members (project_id, place_id, user_id, role, joined_at)
        values (${id}, ${placeId}, ${organiser}::uuid, 'organiser', ${anchor}::date - ${int(405 - i * 9)})`);
      // A few members each: people from the same ward first.
      await tx.execute(sql`
        insert into project_members (project_id, place_id, user_id, role, joined_at)
        select ${id}, ${placeId}, u.id, case when row_number() over (order by md5(${seed} || u.id || ${String(i)})) = 1 then 'co_organiser'::project_member_role else 'member' end, ${anchor}::date - ${int(380 - i * 9)}
        from users u
        where u.place_id = ${placeId} and u.home_area_id = ${ward}::uuid and u.password_hash is null
          and ('x' || substr(md5(${seed} || u.id || ${String(i)}), 1, 4))::bit(16)::int % 4 = 0
        order by md5(${seed} || u.id || ${String(i)})
        limit ${int(stage === 'idea' ? 2 : 6)}
        on conflict do nothing`);
    }
    // The demo resident is in two projects, so "your projects" and bookings have something in them.
    await tx.execute(sql`
      insert into project_members (project_id, place_id, user_id, role)
      values (md5(${seed} || '-pr-0')::uuid, ${placeId}, ${opts.residentId}::uuid, 'member'),
             (md5(${seed} || '-pr-3')::uuid, ${placeId}, ${opts.residentId}::uuid, 'member')
      on conflict do nothing`);

    // A weekly series for every project past the idea stage; ended and paused ones stopped earlier.
    await tx.execute(sql`
      with p as (
        select p.id, p.area_id, p.stage, p.title, p.created_by, (row_number() over (order by p.created_at) - 1)::int as n
        from projects p where p.place_id = ${placeId} and p.stage not in ('idea', 'gathering') and p.status = 'published'
      )
      insert into session_series (id, place_id, project_id, space_id, title, description, starts_at, duration_minutes, rrule, capacity, drop_in, created_by)
      select md5(${seed} || '-se-' || p.id)::uuid, ${placeId}, p.id,
             case when p.n % 5 = 4 then null else md5(${seed} || '-s-' || (p.n % ${int(SPACES.length)}))::uuid end,
             p.title, 'Everyone welcome. Come once, or every week.',
             ((${anchor}::date - (7 * (30 + (p.n * 3) % 30)) + (p.n % 6)) + (array[time '10:00', time '14:00', time '18:30'])[1 + (p.n / 6) % 3]) at time zone 'Europe/London',
             (array[90, 120, 150])[1 + (p.n / 2) % 3],
             'FREQ=WEEKLY;BYDAY=' || (array['MO','TU','WE','TH','FR','SA'])[1 + p.n % 6]
               || case p.stage when 'ended' then ';COUNT=12' when 'paused' then ';COUNT=20' else ';COUNT=' || (38 + (p.n * 3) % 30) end,
             case when p.n % 4 = 3 then null else 12 + (p.n * 7) % 20 end,
             p.n % 4 = 3, p.created_by
      from p`);

    // Their occurrences, skipping the Christmas fortnight.
    await tx.execute(sql`
      with s as (
        select ss.*, (regexp_match(ss.rrule, 'COUNT=(\\d+)'))[1]::int as count,
               coalesce(sp.area_id, pr.area_id) as ward
        from session_series ss
        join projects pr on pr.id = ss.project_id
        left join spaces sp on sp.id = ss.space_id
        where ss.place_id = ${placeId}
      )
      insert into sessions (id, place_id, series_id, project_id, space_id, area_id, starts_at, ends_at, duration_minutes, capacity, drop_in)
      select md5(s.id::text || '-' || w)::uuid, ${placeId}, s.id, s.project_id, s.space_id, s.ward,
             ((s.starts_at at time zone 'Europe/London') + (w * interval '7 days')) at time zone 'Europe/London',
             ((s.starts_at at time zone 'Europe/London') + (w * interval '7 days') + s.duration_minutes * interval '1 minute') at time zone 'Europe/London',
             s.duration_minutes, s.capacity, s.drop_in
      from s, generate_series(0, s.count - 1) w
      where not (extract(month from (s.starts_at at time zone 'Europe/London') + w * interval '7 days') = 12
                 and extract(day from (s.starts_at at time zone 'Europe/London') + w * interval '7 days') >= 22)
        and not (extract(month from (s.starts_at at time zone 'Europe/London') + w * interval '7 days') = 1
                 and extract(day from (s.starts_at at time zone 'Europe/London') + w * interval '7 days') <= 2)`);

    // Who came: each project's members and nearby regulars, more in summer and fewer in winter.
    await tx.execute(sql`
      with past as (
        select s.id, s.project_id, s.area_id, s.starts_at, s.duration_minutes, s.drop_in,
               extract(month from s.starts_at at time zone 'Europe/London')::int as month
        from sessions s where s.place_id = ${placeId} and s.starts_at < ${now.toISOString()}::timestamptz
      ),
      candidates as (
        select pm.project_id, pm.user_id, pm.role from project_members pm where pm.place_id = ${placeId}
        union all
        select pr.id, u.id, 'member'::project_member_role
        from projects pr join users u on u.place_id = pr.place_id and u.home_area_id = pr.area_id and u.password_hash is null
        where pr.place_id = ${placeId} and ('x' || substr(md5(pr.id::text || u.id::text), 1, 4))::bit(16)::int % 3 = 0
      ),
      pool as (
        -- One row a person and project, keeping their strongest role (organiser first).
        select distinct on (project_id, user_id) project_id, user_id, role from candidates order by project_id, user_id, role
      )
      insert into attendances (place_id, session_id, user_id, project_id, area_id, day, role, minutes, source, recorded_at)
      select ${placeId}, past.id, pool.user_id, past.project_id, past.area_id,
             (past.starts_at at time zone 'Europe/London')::date,
             case when pool.role = 'organiser' then 'lead'::attendance_role
                  when ('x' || substr(md5(past.id::text || pool.user_id::text || 'v'), 1, 4))::bit(16)::int % 9 = 0 then 'volunteer'
                  else 'participant' end,
             past.duration_minutes, 'register', past.starts_at + interval '3 hours'
      from past join pool on pool.project_id = past.project_id
      where pool.role = 'organiser'
         or ('x' || substr(md5(past.id::text || pool.user_id::text), 1, 4))::bit(16)::int % 100
            < case when past.month in (6, 7, 8) then 62 when past.month in (12, 1, 2) then 30 else 45 end`);

    // Drop-in sessions also count people who came without giving a name.
    await tx.execute(sql`
      insert into headcounts (session_id, place_id, count, recorded_at)
      select s.id, ${placeId}, 2 + ('x' || substr(md5(s.id::text || 'h'), 1, 4))::bit(16)::int % 14, s.starts_at + interval '3 hours'
      from sessions s where s.place_id = ${placeId} and s.drop_in and s.starts_at < ${now.toISOString()}::timestamptz`);

    // The demo resident has booked two of next week's sessions.
    await tx.execute(sql`
      insert into bookings (place_id, session_id, user_id, status)
      select ${placeId}, s.id, ${opts.residentId}::uuid, 'booked'
      from sessions s
      where s.place_id = ${placeId} and not s.drop_in and s.starts_at > ${now.toISOString()}::timestamptz
      order by s.starts_at limit 2`);
  });
  await rebuildRollups(db, placeId);
}
