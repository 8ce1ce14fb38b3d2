import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeAppraisal,
  parseAppraisalJson,
  roundResult,
  type AppraisalDocument,
  type BenefitLine,
  type CostLine,
} from './index.js';

/** A document with one cost of £50,000 in year 0 (grade 1) and the given benefit lines. */
function doc(benefits: BenefitLine[], costs?: CostLine[], extra: Partial<AppraisalDocument> = {}): AppraisalDocument {
  return {
    formatVersion: 1,
    title: 'Test',
    scope: { type: 'project' },
    priceYear: 2025,
    costs: costs ?? [
      {
        id: 'c',
        name: 'Cost',
        category: 'revenue',
        agency: 'council',
        confidenceGrade: 1,
        amounts: [{ year: 0, amount: 50_000 }],
      },
    ],
    benefits,
    ...extra,
  };
}

/** 100 people × £1,000 = £100,000 a year for one year, grade 1 (no optimism bias), nothing taken away. */
function line(change: Partial<BenefitLine> = {}): BenefitLine {
  return {
    id: 'b',
    name: 'Benefit',
    cohort: { source: 'typed', size: 100 },
    unitValue: 1_000,
    valueType: 'social',
    agency: 'residents',
    durationYears: 1,
    confidenceGrade: 1,
    ...change,
  };
}

describe('the textbook SROI case (SROI guide arithmetic)', () => {
  // 60 × £8,500 = £510,000; × (1 − 0.4) deadweight = £306,000; × (1 − 0.3) attribution = £214,200 in year 0.
  // Year 1: £214,200 × (1 − 0.3) drop-off = £149,940; ÷ 1.035 = £144,869.57 (the guide rounds to £144,870).
  // PV = £214,200 + £144,869.57 = £359,069.57 (≈ £359,070); SROI = 359,069.57 ÷ 250,000 = 1.43628 (≈ 1.436).
  const file = readFileSync(new URL('../../../docs/examples/sroi-textbook.appraisal.json', import.meta.url), 'utf8');
  const result = computeAppraisal(parseAppraisalJson(file));

  it('reproduces the benefits by year, the present value and the ratio', () => {
    expect(result.years.map((y) => y.benefits.social)).toEqual([
      expect.closeTo(214_200, 6),
      expect.closeTo(149_940, 6),
    ]);
    expect(result.years[1]!.discountedBenefitsTotal).toBeCloseTo(144_869.57, 2);
    expect(Math.round(result.years[1]!.discountedBenefitsTotal)).toBe(144_870);
    expect(result.pvBenefits).toBeCloseTo(359_069.57, 2);
    expect(Math.round(result.pvBenefits)).toBe(359_070);
    expect(result.pvCosts).toBe(250_000);
    expect(result.npv).toBeCloseTo(109_069.57, 2);
    expect(result.sroi!.toFixed(3)).toBe('1.436');
    expect(result.pvByValueType).toEqual({
      fiscalCashable: 0,
      fiscalNonCashable: 0,
      economic: 0,
      social: expect.closeTo(359_069.57, 2),
    });
    expect(result.financialRoi).toBe(0);
    // Cumulative: year 0 £214,200 < £250,000; year 1 £359,069.57 ≥ £250,000.
    expect(result.paybackYear).toBe(1);
    expect(result.fiscalPaybackYear).toBeNull();
  });

  it('shows the working for the line, step by step', () => {
    const steps = result.benefitLines[0]!.steps.map((s) => [s.key, Math.round(s.value)]);
    expect(steps).toEqual([
      ['cohortSize', 60],
      ['engagementRate', 60],
      ['successRate', 60],
      ['unitValue', 510_000],
      ['deadweight', 306_000],
      ['displacement', 306_000],
      ['attribution', 214_200],
    ]);
    expect(result.benefitLines[0]!.years.map((y) => Math.round(y.presentValue))).toEqual([214_200, 144_870]);
    expect(result.benefitLines[0]!.presentValue).toBeCloseTo(result.pvBenefits, 6);
  });

  it('rounds for people to the penny and ratios to 4 places', () => {
    const rounded = roundResult(result);
    expect(rounded.pvBenefits).toBe(359_069.57);
    expect(rounded.sroi).toBe(1.4363);
    expect(rounded.years[1]!.discountFactor).toBe(1 / 1.035);
  });

  it('moves each assumption 20% either way, longest bar first', () => {
    const byKey = Object.fromEntries(result.sensitivity.map((r) => [r.assumption, r]));
    // Cohort ±20% scales every benefit: swing = 0.4 × £359,069.57 = £143,627.83.
    expect(byKey.cohortSize!.npvSwing).toBeCloseTo(143_627.83, 2);
    // Deadweight 0.32: 510,000 × 0.68 × 0.7 = 242,760, + 169,932 ÷ 1.035 = 406,945.51 → NPV 156,945.51.
    // Deadweight 0.48: 510,000 × 0.52 × 0.7 = 185,640, + 129,948 ÷ 1.035 = 311,193.62 → NPV 61,193.62.
    expect(byKey.deadweight!.lowValue).toBeCloseTo(0.32, 12);
    expect(byKey.deadweight!.npvAtLow).toBeCloseTo(156_945.51, 2);
    expect(byKey.deadweight!.npvAtHigh).toBeCloseTo(61_193.62, 2);
    // Costs £200,000 or £300,000: NPV swing £100,000.
    expect(byKey.amount!.npvSwing).toBeCloseTo(100_000, 6);
    // Drop-off 0.24 or 0.36 moves only year 1: 214,200 × 0.12 ÷ 1.035 = £24,834.78.
    expect(byKey.dropOff!.npvSwing).toBeCloseTo(24_834.78, 2);
    // Engagement is already 100%: it can only fall (to 80%), a swing of 0.2 × £359,069.57.
    expect(byKey.engagementRate!.highValue).toBe(1);
    expect(byKey.engagementRate!.npvSwing).toBeCloseTo(71_813.91, 2);
    // Discount rate 2.8% or 4.2% in year 1: 149,940 ÷ 1.028 − 149,940 ÷ 1.042 = £1,959.68.
    expect(byKey.discountRate!.npvSwing).toBeCloseTo(1_959.68, 2);
    // Displacement is 0, so there is nothing to vary and no bar.
    expect(byKey.displacement).toBeUndefined();
    const swings = result.sensitivity.map((r) => r.npvSwing);
    expect(swings).toEqual([...swings].sort((a, b) => b - a));
    expect(result.sensitivity[0]!.assumption).toMatch(/cohortSize|unitValue/);
  });

  it('gives low, central and high scenarios', () => {
    // Low: 48 × 0.8 × 0.8 × £6,800 × 0.52 × 0.64 = £69,520.59; year 1 × 0.64 ÷ 1.035 = £42,988.58;
    // PV £112,509.17 on costs of £300,000.
    expect(result.scenarios.low.pvBenefits).toBeCloseTo(112_509.17, 2);
    expect(result.scenarios.low.pvCosts).toBeCloseTo(300_000, 6);
    expect(result.scenarios.low.paybackYear).toBeNull();
    // High: 72 × 1 × 1 × £10,200 × 0.68 × 0.76 = £379,537.92; year 1 × 0.76 ÷ 1.035 = £278,694.51;
    // PV £658,232.43 on £200,000: SROI 3.2912.
    expect(result.scenarios.high.pvBenefits).toBeCloseTo(658_232.43, 2);
    expect(result.scenarios.high.sroi).toBeCloseTo(3.2912, 4);
    expect(result.scenarios.central).toEqual({
      pvCosts: result.pvCosts,
      pvBenefits: result.pvBenefits,
      npv: result.npv,
      financialRoi: result.financialRoi,
      sroi: result.sroi,
      paybackYear: result.paybackYear,
    });
  });

  it('gives ten years of cumulative figures, flat after the appraisal ends', () => {
    expect(result.tenYearCumulative).toHaveLength(10);
    expect(result.tenYearCumulative[0]).toEqual({ year: 0, costs: 250_000, benefits: expect.closeTo(214_200, 6) });
    expect(result.tenYearCumulative[9]!.benefits).toBeCloseTo(359_069.57, 2);
  });
});

describe('each adjustment on its own (100 people × £1,000 = £100,000 before adjustments)', () => {
  const pv = (change: Partial<BenefitLine>) => computeAppraisal(doc([line(change)])).pvBenefits;

  it('applies none when none are given', () => expect(pv({})).toBeCloseTo(100_000, 8));
  it('engagement rate 50% → £50,000', () => expect(pv({ engagementRate: 0.5 })).toBeCloseTo(50_000, 8));
  it('success rate 30% → £30,000', () => expect(pv({ successRate: 0.3 })).toBeCloseTo(30_000, 8));
  it('deadweight 25% → £75,000', () => expect(pv({ deadweight: 0.25 })).toBeCloseTo(75_000, 8));
  it('displacement 10% → £90,000', () => expect(pv({ displacement: 0.1 })).toBeCloseTo(90_000, 8));
  it('attribution 20% → £80,000', () => expect(pv({ attribution: 0.2 })).toBeCloseTo(80_000, 8));
  it('all four together multiply: 0.5 × 0.75 × 0.9 × 0.8 → £27,000', () =>
    expect(pv({ engagementRate: 0.5, deadweight: 0.25, displacement: 0.1, attribution: 0.2 })).toBeCloseTo(27_000, 8));

  it('drop-off 50% over three years: £100,000, £50,000, £25,000 undiscounted', () => {
    const r = computeAppraisal(doc([line({ dropOff: 0.5, durationYears: 3 })]));
    expect(r.years.map((y) => y.benefitsTotal)).toEqual([100_000, 50_000, 25_000]);
    // 100,000 + 50,000 ÷ 1.035 + 25,000 ÷ 1.035² = 100,000 + 48,309.18 + 23,337.77 = £171,646.95.
    expect(r.pvBenefits).toBeCloseTo(171_646.95, 2);
  });

  it('a lag of 2 years starts the benefit in year 2: £100,000 ÷ 1.035² = £93,351.07', () => {
    const r = computeAppraisal(doc([line({ lagYears: 2 })]));
    expect(r.years.map((y) => y.benefitsTotal)).toEqual([0, 0, 100_000]);
    expect(r.pvBenefits).toBeCloseTo(93_351.07, 2);
  });

  it('drop-off counts from the first year of benefit, not from year 0', () => {
    const r = computeAppraisal(doc([line({ lagYears: 1, durationYears: 2, dropOff: 0.5 })]));
    expect(r.years.map((y) => y.benefitsTotal)).toEqual([0, 100_000, 50_000]);
  });

  it('duration 3 with no drop-off: £100,000 in each of years 0, 1 and 2', () => {
    const r = computeAppraisal(doc([line({ durationYears: 3 })]));
    expect(r.years.map((y) => y.benefitsTotal)).toEqual([100_000, 100_000, 100_000]);
  });

  it('an appraisal period shorter than the benefit cuts it off', () => {
    const r = computeAppraisal(doc([line({ durationYears: 5 })], undefined, { appraisalYears: 2 }));
    expect(r.years).toHaveLength(2);
    expect(r.benefitLines[0]!.years).toHaveLength(2);
    expect(r.benefitLines[0]!.yearsOutsideAppraisal).toBe(3);
  });
});

describe('discounting by the Green Book schedule', () => {
  it('year 0 is undiscounted and years 1–30 compound at 3.5%', () => {
    const r = computeAppraisal(doc([line({ durationYears: 32 })]));
    expect(r.years[0]!.discountFactor).toBe(1);
    expect(r.years[1]!.discountFactor).toBeCloseTo(1 / 1.035, 15);
    // 1.035^30 = 2.806794 → factor 0.356278.
    expect(r.years[30]!.discountFactor).toBeCloseTo(0.356278, 6);
    expect(r.years[30]!.discountRate).toBe(0.035);
  });

  it('year 31 compounds one year at 3.0% on top of year 30, not 3.0% from year 0', () => {
    const r = computeAppraisal(doc([line({ durationYears: 32 })]));
    // 0.356278 ÷ 1.03 = 0.345901; not 1 ÷ 1.03^31 (0.399987) nor 1 ÷ 1.035^31 (0.344230).
    expect(r.years[31]!.discountFactor).toBeCloseTo(0.345901, 6);
    expect(r.years[31]!.discountFactor).toBeCloseTo(r.years[30]!.discountFactor / 1.03, 15);
    expect(r.years[31]!.discountRate).toBe(0.03);
    // £100,000 in year 31 is worth £34,590.14 today.
    const late = computeAppraisal(doc([line({ lagYears: 31 })]));
    expect(late.pvBenefits).toBeCloseTo(34_590.14, 2);
  });

  it('later bands continue: year 76 at 2.5%, year 126 at 2.0%', () => {
    const r = computeAppraisal(doc([line({ durationYears: 130 })]));
    const f = r.years.map((y) => y.discountFactor);
    expect(f[75]!).toBeCloseTo(f[30]! / 1.03 ** 45, 12);
    expect(f[76]!).toBeCloseTo(f[75]! / 1.025, 15);
    expect(f[126]!).toBeCloseTo(f[125]! / 1.02, 15);
  });

  it('a file may carry its own schedule', () => {
    const r = computeAppraisal(
      doc([line({ durationYears: 2 })], undefined, { discountSchedule: { bands: [{ fromYear: 0, rate: 0.1 }] } }),
    );
    // 100,000 + 100,000 ÷ 1.1 = £190,909.09.
    expect(r.pvBenefits).toBeCloseTo(190_909.09, 2);
    expect(r.assumptions.customDiscountSchedule).toBe(true);
  });
});

describe('optimism bias by confidence grade', () => {
  const grades = [1, 2, 3, 4, 5, 6] as const;
  const table = [0, 0.05, 0.1, 0.15, 0.25, 0.4];

  it('raises costs and lowers benefits by the default table: 0%, 5%, 10%, 15%, 25%, 40%', () => {
    grades.forEach((grade, i) => {
      const r = computeAppraisal(
        doc(
          [line({ confidenceGrade: grade })],
          [
            {
              id: 'c',
              name: 'Cost',
              category: 'capital',
              agency: 'council',
              confidenceGrade: grade,
              amounts: [{ year: 0, amount: 100_000 }],
            },
          ],
        ),
      );
      // Grade 6: costs £100,000 × 1.4 = £140,000; benefits £100,000 × 0.6 = £60,000.
      expect(r.pvCosts, `grade ${grade}`).toBeCloseTo(100_000 * (1 + table[i]!), 6);
      expect(r.pvBenefits, `grade ${grade}`).toBeCloseTo(100_000 * (1 - table[i]!), 6);
      expect(r.benefitLines[0]!.optimismBias).toBe(table[i]);
      expect(r.costLines[0]!.optimismBias).toBe(table[i]);
    });
  });

  it('uses the file’s own table when it has one', () => {
    const own = { grades: grades.map((grade) => ({ grade, rate: grade / 10 })) };
    const r = computeAppraisal(doc([line({ confidenceGrade: 2 })], undefined, { optimismBias: own }));
    expect(r.pvBenefits).toBeCloseTo(80_000, 6);
    expect(r.assumptions.customOptimismBias).toBe(true);
  });
});

describe('costs', () => {
  it('values volunteer time as an input: 500 hours × £12 = £6,000, added to other costs in the year', () => {
    const r = computeAppraisal(
      doc(
        [line()],
        [
          {
            id: 'time',
            name: 'Volunteer time',
            category: 'inKind',
            agency: 'residents',
            confidenceGrade: 1,
            amounts: [
              { year: 0, hours: 500, hourlyRate: 12 },
              { year: 1, amount: 1_035 },
            ],
          },
        ],
      ),
    );
    expect(r.costLines[0]!.years.map((y) => y.asEntered)).toEqual([6_000, 1_035]);
    // 6,000 + 1,035 ÷ 1.035 = £7,000.
    expect(r.pvCosts).toBeCloseTo(7_000, 8);
  });
});

describe('payback', () => {
  const costs: CostLine[] = [
    {
      id: 'c',
      name: 'Cost',
      category: 'capital',
      agency: 'council',
      confidenceGrade: 1,
      amounts: [{ year: 0, amount: 100_000 }],
    },
  ];

  it('is the first year cumulative discounted benefits reach cumulative discounted costs', () => {
    // £40,000 a year: 40,000; + 38,647.34 = 78,647.34; + 37,340.43 = 115,987.77 ≥ 100,000 in year 2.
    const r = computeAppraisal(
      doc([line({ cohort: { source: 'typed', size: 40 }, durationYears: 5, valueType: 'fiscalCashable' })], costs),
    );
    expect(r.years[1]!.cumulativeDiscountedBenefits).toBeCloseTo(78_647.34, 2);
    expect(r.years[2]!.cumulativeDiscountedBenefits).toBeCloseTo(115_987.77, 2);
    expect(r.paybackYear).toBe(2);
    expect(r.fiscalPaybackYear).toBe(2);
  });

  it('is null when benefits never catch up', () => {
    const r = computeAppraisal(doc([line({ cohort: { source: 'typed', size: 10 } })], costs));
    expect(r.paybackYear).toBeNull();
    expect(r.npv).toBeCloseTo(-90_000, 6);
  });

  it('counts only fiscal benefits for the fiscal payback', () => {
    const r = computeAppraisal(doc([line({ cohort: { source: 'typed', size: 200 } })], costs));
    expect(r.paybackYear).toBe(0);
    expect(r.fiscalPaybackYear).toBeNull();
  });
});

describe('the split by value type and by agency', () => {
  // Year 0 only: £10,000 cashable to the council, £20,000 non-cashable to the NHS, £30,000 economic
  // and £40,000 social to residents; £50,000 of costs borne by the council.
  const r = computeAppraisal(
    doc([
      line({ id: 'a', cohort: { source: 'typed', size: 10 }, valueType: 'fiscalCashable', agency: 'council' }),
      line({ id: 'b', cohort: { source: 'typed', size: 20 }, valueType: 'fiscalNonCashable', agency: 'NHS' }),
      line({ id: 'c', cohort: { source: 'typed', size: 30 }, valueType: 'economic', agency: 'residents' }),
      line({ id: 'd', cohort: { source: 'typed', size: 40 }, valueType: 'social', agency: 'residents' }),
    ]),
  );

  it('keeps fiscal cashable apart from everything else', () => {
    expect(r.pvByValueType).toEqual({
      fiscalCashable: 10_000,
      fiscalNonCashable: 20_000,
      economic: 30_000,
      social: 40_000,
    });
    expect(r.pvBenefits).toBe(100_000);
  });

  it('counts cashable and non-cashable as fiscal for the financial return', () => {
    expect(r.financialRoi).toBeCloseTo(30_000 / 50_000, 12); // 0.6
    expect(r.cashableRoi).toBeCloseTo(10_000 / 50_000, 12); // 0.2
    expect(r.sroi).toBeCloseTo(100_000 / 50_000, 12); // 2
  });

  it('says who gains and who pays, largest benefit first', () => {
    expect(r.byAgency.map((a) => [a.agency, a.pvBenefits, a.pvCosts])).toEqual([
      ['residents', 70_000, 0],
      ['NHS', 20_000, 0],
      ['council', 10_000, 50_000],
    ]);
    expect(r.byAgency[0]!.pvByValueType).toEqual({
      fiscalCashable: 0,
      fiscalNonCashable: 0,
      economic: 30_000,
      social: 40_000,
    });
  });
});

describe('uprating a value to the price year', () => {
  it('multiplies by the ratio of the deflator indexes: £13,000 (2019) × 118 ÷ 100 = £15,340 (2025)', () => {
    const r = computeAppraisal(
      doc([line({ cohort: { source: 'typed', size: 1 }, unitValue: 13_000, unitValuePriceYear: 2019 })], undefined, {
        deflator: {
          name: 'Test deflator',
          values: [
            { year: 2019, index: 100 },
            { year: 2025, index: 118 },
          ],
        },
      }),
    );
    expect(r.benefitLines[0]!.unitValueAsEntered).toBe(13_000);
    expect(r.benefitLines[0]!.unitValue).toBeCloseTo(15_340, 8);
    expect(r.pvBenefits).toBeCloseTo(15_340, 8);
  });
});

describe('a participation cohort', () => {
  it('uses the figure the caller filled in', () => {
    const r = computeAppraisal(
      doc([line({ cohort: { source: 'participation', measure: 'participants', size: 250 } })]),
    );
    expect(r.benefitLines[0]!.cohortSize).toBe(250);
    expect(r.pvBenefits).toBeCloseTo(250_000, 8);
  });
});

describe('with no costs', () => {
  it('gives no ratios rather than dividing by zero', () => {
    const r = computeAppraisal(doc([line()], []));
    expect(r.sroi).toBeNull();
    expect(r.financialRoi).toBeNull();
    expect(r.paybackYear).toBe(0);
  });
});

describe('sensitivity agrees with recomputing the whole appraisal', () => {
  it('gives, for every bar, the NPV of the appraisal with that one assumption changed', () => {
    const base = doc([
      line({ id: 'a', deadweight: 0.3, dropOff: 0.2, durationYears: 4, lagYears: 1, valueType: 'fiscalCashable' }),
      line({ id: 'b', attribution: 0.5, displacement: 0.1, engagementRate: 0.7, confidenceGrade: 4 }),
    ]);
    const r = computeAppraisal(base);
    expect(r.sensitivity.length).toBeGreaterThan(10);
    for (const row of r.sensitivity) {
      const changed = (value: number): AppraisalDocument => {
        if (row.assumption === 'discountRate') {
          return { ...base, discountSchedule: { bands: [{ fromYear: 0, rate: value }] } };
        }
        if (row.assumption === 'amount') {
          const c = base.costs[0]!;
          return { ...base, costs: [{ ...c, amounts: [{ year: 0, amount: value }] }] };
        }
        return {
          ...base,
          benefits: base.benefits.map((b) =>
            b.id !== row.lineId
              ? b
              : row.assumption === 'cohortSize'
                ? { ...b, cohort: { source: 'typed', size: value } }
                : { ...b, [row.assumption]: value },
          ),
        };
      };
      expect(computeAppraisal(changed(row.lowValue)).npv, row.key).toBeCloseTo(row.npvAtLow, 6);
      expect(computeAppraisal(changed(row.highValue)).npv, row.key).toBeCloseTo(row.npvAtHigh, 6);
    }
  });
});

describe('the community kitchens example (every value type, uprating, volunteer time)', () => {
  const file = readFileSync(
    new URL('../../../docs/examples/community-kitchens.appraisal.json', import.meta.url),
    'utf8',
  );
  const r = computeAppraisal(parseAppraisalJson(file));

  it('works the wellbeing line through by hand', () => {
    const line = r.benefitLines.find((l) => l.id === 'wellbeing')!;
    // £1,300 (2019) × 108 ÷ 90 = £1,560 (2025). Outcomes: 420 × 0.5 × 0.2 = 42.
    // 42 × £1,560 = £65,520 × 0.7 (deadweight) × 0.8 (attribution) = £36,691.20 in year 0.
    // Grade 5 takes 25% off: £27,518.40. Year 1: × 0.5 drop-off = £13,759.20, ÷ 1.035 = £13,293.91.
    expect(line.unitValue).toBeCloseTo(1_560, 8);
    expect(line.outcomes).toBeCloseTo(42, 12);
    expect(line.firstYearValue).toBeCloseTo(36_691.2, 6);
    expect(line.years.map((y) => y.value)).toEqual([expect.closeTo(27_518.4, 6), expect.closeTo(13_759.2, 6)]);
    expect(line.presentValue).toBeCloseTo(27_518.4 + 13_293.91, 2);
  });

  it('costs year 0 with optimism bias and volunteer time: 60,000 × 1.05 + 25,000 × 1.1 + 1,500 × £14 × 1.15', () => {
    expect(r.years[0]!.costs).toBeCloseTo(63_000 + 27_500 + 24_150, 6); // £114,650
  });

  it('adds up: lines, value types, agencies and years all give the same totals', () => {
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(sum(r.benefitLines.map((l) => l.presentValue))).toBeCloseTo(r.pvBenefits, 6);
    expect(sum(r.costLines.map((l) => l.presentValue))).toBeCloseTo(r.pvCosts, 6);
    expect(sum(Object.values(r.pvByValueType))).toBeCloseTo(r.pvBenefits, 6);
    expect(sum(r.byAgency.map((a) => a.pvBenefits))).toBeCloseTo(r.pvBenefits, 6);
    expect(sum(r.byAgency.map((a) => a.pvCosts))).toBeCloseTo(r.pvCosts, 6);
    expect(r.years.at(-1)!.cumulativeDiscountedBenefits).toBeCloseTo(r.pvBenefits, 6);
    expect(r.years.at(-1)!.cumulativeDiscountedCosts).toBeCloseTo(r.pvCosts, 6);
    expect(r.byAgency.map((a) => a.agency)).toEqual(['residents', 'DWP', 'NHS', 'council']);
    for (const type of ['fiscalCashable', 'fiscalNonCashable', 'economic', 'social'] as const) {
      expect(r.pvByValueType[type], type).toBeGreaterThan(0);
    }
  });
});
