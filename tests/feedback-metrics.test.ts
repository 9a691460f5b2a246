import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCchcFeedbackRow } from '../domain/contract/cchc.js';
import { localDay } from '../domain/periods.js';
import { addCalendarDays } from '../domain/working-days.js';
import { seedTwoSchools, signInPersonas, type Fixtures, type Personas } from './authz-fixtures.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { pdfText } from './helpers/pdf.js';

/**
 * Issue #13.6: the feedback figures per unit enter the CCHC points as a configurable component and the
 * period reports as section III; answering an item on time moves the on-time share and the points.
 */
describe('feedback metrics in the CCHC points and the period reports', () => {
  let t: TestApp;
  let f: Fixtures;
  let p: Personas;
  const year = Number(localDay(new Date()).slice(0, 4));

  beforeAll(async () => {
    t = await startTestApp();
    f = await seedTwoSchools(t);
    p = await signInPersonas(t, f);
  });
  afterAll(() => t?.close());

  const submit = async (content: string): Promise<string> => {
    const res = await t
      .request()
      .post('/api/v1/public/feedback')
      .send({ id: randomUUID(), unit: f.unitA, category: 'co_so_vat_chat', content });
    expect(res.status).toBe(201);
    return res.body.code as string;
  };
  const reply = async (code: string) =>
    expect(
      (
        await p.agents.managerA
          .post(`/api/v1/feedback/${code}/actions`)
          .send({ action: 'reply', text: 'Nhà trường đã sửa xong, cảm ơn phụ huynh.' })
      ).status,
    ).toBe(200);
  const componentOfA = async (): Promise<TCchcFeedbackRow> => {
    const res = await p.agents.analyst.get(`/api/v1/analytics/cchc?year=${year}`);
    expect(res.status).toBe(200);
    return (res.body.feedbackRows as TCchcFeedbackRow[]).find((r) => r.unit.code === f.unitA)!;
  };
  const binary = (res: { on: (e: string, cb: (c: Buffer) => void) => void }, cb: (e: null, b: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  };

  it('answering on time moves the on-time share and the points; a late answer does not', async () => {
    // Unit B has no feedback: nothing was due, so full points.
    const before = await p.agents.analyst.get(`/api/v1/analytics/cchc?year=${year}`);
    expect(before.body.feedback).toMatchObject({ enabled: true, maxPoints: 1, onTimeThreshold: 0.9 });
    const rowB = (before.body.feedbackRows as TCchcFeedbackRow[]).find((r) => r.unit.code === f.unitB)!;
    expect(rowB).toMatchObject({ received: 0, due: 0, onTimeShare: null, points: 1 });

    // An item already past its deadline and not answered: due, not on time → 0 points.
    const late = await submit('Mái hiên khu A bị dột khi trời mưa to.');
    await t.db
      .updateTable('feedback_items')
      .set({ deadline: addCalendarDays(localDay(new Date()), -1) })
      .where('code', '=', late)
      .execute();
    expect(await componentOfA()).toMatchObject({ received: 1, due: 1, answeredOnTime: 0, onTimeShare: 0, points: 0 });

    // A new item answered the same day: on time; the share moves to 1/2 and the points with it.
    const fresh = await submit('Đèn hành lang tầng 2 không sáng.');
    expect((await componentOfA()).received).toBe(2);
    await reply(fresh);
    const after = await componentOfA();
    expect(after).toMatchObject({ received: 2, due: 2, answeredOnTime: 1, onTimeShare: 0.5, overdueNow: 1 });
    expect(after.points).toBeCloseTo(0.5 / 0.9, 3);
    expect(after.medianDays).toBe(0);
    const metrics = await p.agents.managerA.get(`/api/v1/feedback/metrics?period=Y-${year}`);
    expect(metrics.body.total).toMatchObject({ due: 2, answeredOnTime: 1, onTimeShare: 0.5 });

    // Answered after the deadline: answered, but the on-time share stays.
    await reply(late);
    expect(await componentOfA()).toMatchObject({ due: 2, answeredOnTime: 1, onTimeShare: 0.5, overdueNow: 0 });

    // The component is a setting: 2 points from 50 % on time gives unit A full points; off removes it.
    const settings = (await p.agents.admin.get(`/api/v1/analytics/cchc?year=${year}`)).body;
    const put = (feedback: Record<string, unknown>) =>
      p.agents.admin.put('/api/v1/analytics/settings/cchc').send({
        maxPoints: settings.maxPoints,
        scale: settings.scale,
        statusRule: settings.statusRule,
        smallSample: settings.smallSample,
        periodBasis: settings.basis,
        feedback,
      });
    expect((await put({ enabled: true, maxPoints: 2, onTimeThreshold: 1.5 })).status).toBe(400);
    expect((await put({ enabled: true, maxPoints: 2, onTimeThreshold: 0.5 })).status).toBe(200);
    expect(await componentOfA()).toMatchObject({ points: 2, maxPoints: 2 });
    const wb = new ExcelJS.Workbook();
    const xlsx = await p.agents.analyst.get(`/api/v1/analytics/cchc.xlsx?year=${year}`).buffer(true).parse(binary);
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = wb.getWorksheet('Phản ánh, kiến nghị')!;
    const cells: unknown[] = [];
    sheet.eachRow((row) => cells.push(...(row.values as unknown[])));
    expect(cells).toEqual(expect.arrayContaining([f.unitA, f.unitAName, 0.5, 2]));
    expect((await put({ enabled: false, maxPoints: 2, onTimeThreshold: 0.5 })).status).toBe(200);
    expect((await p.agents.analyst.get(`/api/v1/analytics/cchc?year=${year}`)).body.feedbackRows).toEqual([]);
  });

  it('the period report has section III with the same figures, scoped to the unit', async () => {
    const data = await p.agents.analyst.get(`/api/v1/reports/Y-${year}/data`);
    expect(data.status).toBe(200);
    expect(data.body.feedback.total).toMatchObject({ received: 2, answered: 2, answeredOnTime: 1, onTimeShare: 0.5 });
    const own = await p.agents.managerB.get(`/api/v1/reports/Y-${year}/data`);
    expect(own.body.feedback.total.received).toBe(0);

    const pdf = await p.agents.analyst.get(`/api/v1/reports/Y-${year}.pdf`).buffer(true).parse(binary);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ');
    expect(text).toContain('đúng hạn: 50,0 % (1/2 phản ánh đến hạn)');
    expect(text).toContain('Cơ sở vật chất 2');

    const xlsx = await p.agents.analyst.get(`/api/v1/reports/Y-${year}.xlsx`).buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.getWorksheet('Phản ánh, kiến nghị')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const a = rows.find((r) => r[0] === f.unitA)!;
    expect(a.slice(2, 9)).toEqual([2, 2, 2, 1, 0.5, 0, 0]);
  });
});
