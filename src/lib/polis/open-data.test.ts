import { describe, expect, it } from 'vitest';
import { csvField, escapeFormula, unescapeFormula } from '../csv.js';
import { parseVotesCsv } from './index.js';
import { exportPolis, planImport, polisDateTime, type ExportInput } from './open-data.js';

const at = (s: string) => new Date(s);

const input: ExportInput = {
  question: 'Should the park open later?',
  context: 'Line one, with a comma\nLine two',
  url: 'https://council.example/conversations/x/report',
  statements: [
    {
      number: 0,
      text: 'Open until 10pm',
      status: 'accepted',
      authorNumber: null,
      createdAt: at('2026-01-10T09:00:00Z'),
    },
    {
      number: 1,
      text: '=HYPERLINK("http://evil")',
      status: 'accepted',
      authorNumber: 1,
      createdAt: at('2026-07-01T12:00:05Z'),
    },
    { number: 2, text: 'Spam', status: 'rejected', authorNumber: 2, createdAt: at('2026-07-01T12:01:00Z') },
    {
      number: 3,
      text: 'Nobody voted on this',
      status: 'accepted',
      authorNumber: null,
      createdAt: at('2026-07-02T00:00:00Z'),
    },
  ],
  votes: [
    { participant: 1, statement: 0, value: 1, createdAt: at('2026-07-01T12:00:00Z') },
    { participant: 2, statement: 0, value: -1, createdAt: at('2026-07-01T12:00:01Z') },
    { participant: 1, statement: 1, value: 0, createdAt: at('2026-07-01T12:00:02Z') },
    // Participant 1 changes their mind on statement 0: the latest vote counts.
    { participant: 1, statement: 0, value: -1, createdAt: at('2026-07-01T12:00:03Z') },
    { participant: 2, statement: 2, value: 1, createdAt: at('2026-07-01T12:00:04Z') },
  ],
  participants: [1, 2, 3],
  groupOf: new Map([[1, 0]]),
  inConv: 1,
  groups: 1,
};

describe('exportPolis', () => {
  const files = exportPolis(input);

  it('writes comments.csv with Polis columns, vote counts as Polis counts them, and escaped text', () => {
    expect(files['comments.csv']).toBe(
      [
        'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
        '1782950400000,Thu Jul 02 01:00:00 BST 2026,3,,0,0,1,Nobody voted on this',
        '1782907260000,Wed Jul 01 13:01:00 BST 2026,2,2,1,0,-1,Spam',
        `1782907205000,Wed Jul 01 13:00:05 BST 2026,1,1,0,0,1,"'=HYPERLINK(""http://evil"")"`,
        // As Polis counts: every vote row, so participant 1's agree before changing their mind counts.
        '1768035600000,Sat Jan 10 09:00:00 GMT 2026,0,,1,2,1,Open until 10pm',
        '',
      ].join('\n'),
    );
  });

  it('writes every vote, re-votes included, by comment then voter then time', () => {
    expect(files['votes.csv'].trim().split('\n')).toEqual([
      'timestamp,datetime,comment-id,voter-id,vote',
      '1782907200000,Wed Jul 01 13:00:00 BST 2026,0,1,1',
      '1782907203000,Wed Jul 01 13:00:03 BST 2026,0,1,-1',
      '1782907201000,Wed Jul 01 13:00:01 BST 2026,0,2,-1',
      '1782907202000,Wed Jul 01 13:00:02 BST 2026,1,1,0',
      '1782907204000,Wed Jul 01 13:00:04 BST 2026,2,2,1',
    ]);
    // Read back by the analysis library's parser: three latest votes for participant 1 and 2.
    expect(parseVotesCsv(files['votes.csv'])).toHaveLength(5);
  });

  it('writes participants-votes.csv: a column per statement with votes (moderated out too, as Polis does), groups and counts per person', () => {
    expect(files['participants-votes.csv'].trim().split('\n')).toEqual([
      'participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2',
      '1,,0,1,2,0,1,-1,0,',
      '2,,,1,2,1,1,-1,,1',
      '3,,,0,0,0,0,,,',
    ]);
  });

  it('writes summary.csv as Polis does, with a quoted multi-line description', () => {
    expect(files['summary.csv']).toBe(
      [
        'topic,Should the park open later?',
        'url,https://council.example/conversations/x/report',
        'views,3',
        'voters,2',
        'voters-in-conv,1',
        'commenters,2',
        'comments,3',
        'groups,1',
        'conversation-description,"Line one, with a comma\nLine two"',
        '',
      ].join('\n'),
    );
  });

  it('re-imports to the same statements and votes', () => {
    const plan = planImport({
      comments: files['comments.csv'],
      votes: files['votes.csv'],
      summary: files['summary.csv'],
    });
    expect(plan.topic).toBe('Should the park open later?');
    expect(plan.description).toBe('Line one, with a comma\nLine two');
    expect(plan.statements.map((s) => [s.number, s.text, s.status, s.authorNumber])).toEqual([
      [0, 'Open until 10pm', 'accepted', null],
      [1, '=HYPERLINK("http://evil")', 'accepted', 1],
      [2, 'Spam', 'rejected', 2],
      [3, 'Nobody voted on this', 'accepted', null],
    ]);
    expect(plan.votes.map((v) => [v.participant, v.statement, v.value])).toEqual(
      input.votes.map((v) => [v.participant, v.statement, v.value]),
    );
    expect(plan.participants).toEqual([1, 2]);
  });
});

describe('planImport refuses malformed files, naming the file, line and problem', () => {
  const comments =
    'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,0,0,0,1,Hello\n';
  const votes = 'timestamp,datetime,comment-id,voter-id,vote\n1000,x,0,5,1\n';
  const fails = (files: Parameters<typeof planImport>[0]) => {
    try {
      planImport(files);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('expected a failure');
  };

  it('accepts a good pair', () => {
    expect(planImport({ comments, votes }).votes).toHaveLength(1);
  });

  it('lists every problem', () => {
    expect(
      fails({
        comments,
        votes: 'timestamp,datetime,comment-id,voter-id,vote\n1000,x,9,5,1\nabc,x,0,5,1\n1000,x,0,-3,1\n1000,x,0,5,2\n',
      }),
    ).toBe(
      'votes.csv line 2: comment-id "9" is not in comments.csv. votes.csv line 3: timestamp "abc" is not a time in milliseconds. votes.csv line 4: voter-id "-3" is not a whole number of 0 or more. votes.csv line 5: vote "2" must be 1, -1 or 0.',
    );
    expect(
      fails({
        comments: 'comment-id,moderated,comment-body\n0,1,A\n0,1,B\nx,1,C\n1,5,\n',
        votes,
      }),
    ).toBe(
      'comments.csv line 3: comment-id 0 appears twice. comments.csv line 4: comment-id "x" is not a whole number of 0 or more. comments.csv line 5: moderated "5" must be -1, 0 or 1. comments.csv line 5: comment 1 has no text.',
    );
  });

  it('says which columns are missing, or that the file is not CSV', () => {
    expect(fails({ comments: 'id,text\n0,Hello\n', votes })).toBe(
      'comments.csv has no comment-id, moderated, comment-body columns: is it the right file from a Polis export?',
    );
    expect(fails({ comments, votes: 'timestamp,comment-id,voter-id,vote\n"1,0,5,1\n' })).toMatch(
      /^votes.csv is not a valid CSV file/,
    );
    expect(fails({ comments, votes, summary: 'a,b\n' })).toBe(
      'summary.csv has no topic row: is it the right file from a Polis export?',
    );
  });

  it('counts problems beyond the first ten', () => {
    const many = Array.from({ length: 13 }, () => '1000,x,7,5,1').join('\n');
    expect(fails({ comments, votes: `timestamp,datetime,comment-id,voter-id,vote\n${many}\n` })).toMatch(
      / And 3 more problems\.$/,
    );
  });
});

describe('CSV helpers', () => {
  it('escapes formula cells and undoes it on import, leaving other text alone', () => {
    for (const s of ['=1+1', '+44 20', '-1 more', '@SUM(A1)', '\tx']) {
      expect(escapeFormula(s)).toBe(`'${s}`);
      expect(unescapeFormula(escapeFormula(s))).toBe(s);
    }
    expect(escapeFormula("it's fine")).toBe("it's fine");
    expect(unescapeFormula("'quoted'")).toBe("'quoted'");
  });

  it('quotes fields as RFC 4180 does', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
  });

  it('writes datetime as Polis (Java) does, in London time', () => {
    expect(polisDateTime(at('2022-07-27T15:09:49Z'))).toBe('Wed Jul 27 16:09:49 BST 2022');
    expect(polisDateTime(at('2026-01-05T00:00:09Z'))).toBe('Mon Jan 05 00:00:09 GMT 2026');
    // Clocks change at 01:00 UTC on the last Sundays of March and October.
    expect(polisDateTime(at('2026-03-29T00:59:59Z'))).toBe('Sun Mar 29 00:59:59 GMT 2026');
    expect(polisDateTime(at('2026-03-29T01:00:00Z'))).toBe('Sun Mar 29 02:00:00 BST 2026');
    expect(polisDateTime(at('2026-10-25T00:59:59Z'))).toBe('Sun Oct 25 01:59:59 BST 2026');
    expect(polisDateTime(at('2026-10-25T01:00:00Z'))).toBe('Sun Oct 25 01:00:00 GMT 2026');
  });
});
