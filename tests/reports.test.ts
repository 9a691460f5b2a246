import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';
import { pdfText } from './helpers/pdf.js';
import { docxText, download, sheetRows, workbook, type Agent } from './helpers/documents.js';
import { percent } from '../domain/format.js';

describe('period reports', () => {
  let t: TestApp;
  let admin: Agent;
  let adminEmail: string;
  let analyst: Agent;
  let manager: Agent;
  let ctx: Awaited<ReturnType<typeof setupSurveysAndUnits>>;
  beforeAll(async () => {
    t = await startTestApp();
    ctx = await setupSurveysAndUnits(t.db);
    // A unit whose name would run as a formula in a spreadsheet.
    const evil = await t.db
      .insertInto('units')
      .values({ code: 'EVIL', name: '=cmd|" /C calc"!A0', kind: 'office', parent_id: ctx.units.get('SO')! })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx.units.set('EVIL', evil.id);
    await insertResponses(t.db, ctx, [
      ...TTHC_Q1,
      ...TTHC_OTHER,
      ...EDU_Q1,
      { survey: 'tthc-services', unit: 'EVIL', at: '2026-02-20T03:00:00Z', answers: { overall_satisfaction: 5 } },
    ]);
    let user;
    ({ agent: admin, user } = await signedInAgent(t, [{ role: 'admin' }]));
    adminEmail = user.email;
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
    ({ agent: manager } = await signedInAgent(t, [{ role: 'unit_manager', unitId: ctx.units.get('MOTCUA')! }]));
  });
  afterAll(() => t.close());

  it('PDF: Vietnamese text with the rates, the table of units, the method and the self-selection note', async () => {
    const res = await download(analyst, '/api/v1/reports/Q1-2026.pdf?survey=tthc-services');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/pdf');
    expect(res.disposition).toContain('filename="bao-cao-hai-long-tthc-services-toan-so-Q1-2026.pdf"');
    const text = await pdfText(res.body);
    // The administrative document of Nghị định 30/2020, from the organisation's settings.
    for (const part of [
      'UBND THÀNH PHỐ HẢI PHÒNG',
      'SỞ GIÁO DỤC VÀ ĐÀO TẠO',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hải Phòng, ngày',
      'BÁO CÁO',
      'Kết quả đo lường sự hài lòng quý I/2026',
      'Nơi nhận:',
      '- Lưu: VT, VP.',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Nguyễn Văn A',
      'Phụ lục',
      '(Kèm theo Báo cáo số',
    ]) {
      expect(text, part).toContain(part);
    }
    expect(text).toMatch(/Số:\s+\/BC-SGDĐT/);
    // The letter comes first, the figures follow as its annex.
    expect(text.indexOf('Nơi nhận:')).toBeLessThan(text.indexOf('(Kèm theo Báo cáo số'));
    expect(text).toContain('Báo cáo kết quả đo lường sự hài lòng');
    expect(text).toContain('Quý I/2026');
    expect(text).toContain('Toàn Sở');
    // The headline is the official index, as the analytics summary computes it; the pooled rate
    // (MOTCUA + EVIL: 16 of 20) is printed beside it as a labelled alternative.
    const data = (await analyst.get('/api/v1/reports/Q1-2026/data?survey=tthc-services')).body;
    expect(data.method.key).toBe('criteria_mean');
    const headline = data.sections[0].summary.overall;
    expect(headline).toEqual(data.sections[0].summary.headline.figure);
    expect(text).toContain(`Chỉ số hài lòng chung: ${percent(headline.value)}`);
    expect(text).toContain(`của ${headline.respondents} người trả lời`);
    expect(text).toContain('Tỷ lệ gộp mọi câu trả lời 4–5: 80,0 %');
    const motcua = data.sections[0].units.find((u: { key: string }) => u.key === 'MOTCUA');
    expect(text).toContain(`Bộ phận Một cửa 10* ${motcua.figure.n} ${percent(motcua.figure.value)}`);
    expect(text).toContain('Bộ phận Một cửa');
    // Ten people at MOTCUA, one at EVIL: under the minimum n, so marked and not rated.
    expect(text).toContain('Chưa xếp loại*');
    expect(text).toContain('* ít người trả lời: dưới 30 người, chỉ hiển thị, không xếp loại.');
    expect(text).toContain('Chỉ số hài lòng (trung bình các tiêu chí)');
    expect(text.replace(/\s+/g, ' ')).toContain(`Nguồn: ${data.method.source.vi}`.replace(/\s+/g, ' ').slice(0, 60));
    expect(text).toContain('mẫu tự chọn');
    expect(text).toContain('1 phiếu đang chờ duyệt');
  });

  it('DOCX: the same report, editable, with the settings an admin changed', async () => {
    const put = await admin.put('/api/v1/settings/organisation').send({
      governingBody: 'UBND tỉnh Thử Nghiệm',
      name: 'Sở Giáo dục và Đào tạo',
      nameEn: '',
      place: 'Thử Nghiệm',
      documentSymbol: 'BC-SGDĐT',
      signerAuthority: '',
      signerTitle: 'Giám đốc',
      signerName: 'Trần Thị Ký',
      recipients: ['Bộ Giáo dục và Đào tạo (để báo cáo)', 'Lưu: VT.'],
    });
    expect(put.status).toBe(200);
    const res = await download(analyst, '/api/v1/reports/Q1-2026.docx?family=public-education-parents');
    expect(res.status).toBe(200);
    expect(res.type).toContain('wordprocessingml');
    expect(res.disposition).toContain('bao-cao-hai-long-public-education-parents-moi-cap-hoc-toan-so-Q1-2026.docx');
    const text = docxText(res.body);
    for (const part of [
      'UBND TỈNH THỬ NGHIỆM',
      'SỞ GIÁO DỤC VÀ ĐÀO TẠO',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Thử Nghiệm, ngày',
      'Kết quả đo lường sự hài lòng quý I/2026',
      'Nơi nhận:',
      '- Bộ Giáo dục và Đào tạo (để báo cáo);',
      '- Lưu: VT.',
      'GIÁM ĐỐC',
      'Trần Thị Ký',
      'Phụ lục',
      'Theo đơn vị',
      'Người TL',
    ]) {
      expect(text, part).toContain(part);
    }
    expect(text).not.toContain('KT. GIÁM ĐỐC');
    const pdf = await pdfText((await download(analyst, '/api/v1/reports/Q1-2026.pdf?survey=tthc-services')).body);
    expect(pdf).toContain('UBND TỈNH THỬ NGHIỆM');
    expect(pdf).toContain('Trần Thị Ký');
  });

  it('download names say which survey, scope and period they hold; new periods resolve', async () => {
    const name = async (url: string) => /filename="([^"]+)"/.exec((await download(analyst, url)).disposition)?.[1];
    expect(await name('/api/v1/reports/Q1-2026.pdf?survey=tthc-services')).toBe(
      'bao-cao-hai-long-tthc-services-toan-so-Q1-2026.pdf',
    );
    expect(await name('/api/v1/reports/Q1-2026.pdf?family=public-education-parents')).toBe(
      'bao-cao-hai-long-public-education-parents-moi-cap-hoc-toan-so-Q1-2026.pdf',
    );
    expect(await name('/api/v1/reports/Q1-2026.xlsx')).toBe('bao-cao-hai-long-tat-ca-phieu-toan-so-Q1-2026.xlsx');
    expect(await name('/api/v1/reports/2026-02-01..2026-02-28.csv?survey=tthc-services&unit=MOTCUA')).toBe(
      'bao-cao-hai-long-tthc-services-MOTCUA-dot-xuat-2026-02-01-den-2026-02-28.csv',
    );
    const nine = (await analyst.get('/api/v1/reports/M9-2026/data?survey=tthc-services')).body;
    expect([nine.period.label.vi, nine.period.from, nine.period.to]).toEqual([
      '9 tháng đầu năm 2026',
      '2026-01-01',
      '2026-09-30',
    ]);
    const year = (await analyst.get('/api/v1/reports/NH-2025-2026/data?survey=tthc-services')).body;
    expect([year.period.label.vi, year.period.from, year.period.to]).toEqual([
      'Năm học 2025–2026',
      '2025-09-01',
      '2026-08-31',
    ]);
    // Every Q1 answer falls in both; the nine months also hold the second quarter's.
    expect(year.sections[0].summary.methods.top2_pooled.n).toBe(20 + 2);
    const adHoc = await pdfText((await download(analyst, '/api/v1/reports/2026-02-01..2026-02-28.pdf')).body);
    expect(adHoc).toContain('Kết quả đo lường sự hài lòng (đột xuất) từ 01/02/2026');
    expect(adHoc).toContain('báo cáo đột xuất');
  });

  it('XLSX: the cells hold the rates as numbers, and text that looks like a formula is escaped', async () => {
    const res = await download(analyst, '/api/v1/reports/Q1-2026.xlsx');
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    const wb = await workbook(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Đơn vị',
      'Câu hỏi',
      'Phản ánh, kiến nghị',
      'Phương pháp',
    ]);
    const overview = sheetRows(wb, 'Tổng hợp');
    const tthc = overview.find(
      (r) => String(r[0]).includes('thủ tục hành chính') && r[1] === 'Tỷ lệ gộp mọi câu trả lời 4–5',
    )!;
    expect(tthc.slice(2, 6)).toEqual([0.95, 20, 16, 0.8]);
    const edu = overview.find((r) => String(r[0]).includes('giáo dục') && r[1] === 'Tỷ lệ gộp mọi câu trả lời 4–5')!;
    expect(edu.slice(3, 6)).toEqual([8, 7, 7 / 8]);
    const units = sheetRows(wb, 'Đơn vị');
    const motcua = units.find((r) => r[1] === 'MOTCUA')!;
    // Units by the headline method: the cells say what the report data says.
    const data = (await analyst.get('/api/v1/reports/Q1-2026/data')).body;
    const unit = data.sections[0].units.find((u: { key: string }) => u.key === 'MOTCUA').figure;
    expect(motcua.slice(5, 9)).toEqual([10, unit.n, unit.satisfied, unit.value]);
    expect(motcua.slice(14, 16)).toEqual([10, unit.designEffect]);
    // Ten people: under the minimum of respondents, so marked and not rated.
    expect(motcua.slice(12, 14)).toEqual(['Chưa xếp loại: dưới 30 người trả lời', 'Có']);
    // Names, not codes: the level and the criterion in Vietnamese.
    expect(units.find((r) => r[1] === 'TH-A')![3]).toBe('Tiểu học');
    const questions = sheetRows(wb, 'Câu hỏi');
    expect(questions.find((r) => r[2] === 'staff_attitude')![1]).toBe('Công chức giải quyết công việc');
    expect(questions.flat()).not.toContain('staff');
    expect(motcua[9]).toBeCloseTo(unit.interval.low, 9);
    const evil = units.find((r) => r[1] === 'EVIL')!;
    expect(evil[2]).toBe(`'=cmd|" /C calc"!A0`);
    expect(sheetRows(wb, 'Phương pháp').flat().join(' ')).toContain('mẫu tự chọn');
  });

  it('CSV report: one row per figure, and the raw export escapes formulas', async () => {
    const res = await download(analyst, '/api/v1/reports/Q1-2026.csv?survey=tthc-services');
    expect(res.status).toBe(200);
    const text = res.body.toString('utf8');
    // Text quoted, figures bare (server/reports/safe-cells.ts).
    expect(text.startsWith('\uFEFF"period","scope","survey","row_kind"')).toBe(true);
    const headline = (await analyst.get('/api/v1/reports/Q1-2026/data?survey=tthc-services')).body.sections[0].summary
      .overall;
    expect(text).toContain(`"Q1-2026","SO","tthc-services","overall","overall","Chung",${headline.n},`);
    expect(text).toContain(`"'=cmd|"" /C calc""!A0"`);

    const raw = await download(analyst, '/api/v1/exports/responses.csv?survey=tthc-services&period=Q1-2026');
    expect(raw.status).toBe(200);
    const lines = raw.body.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toContain('"id","submitted_at_vn","survey","version","unit_code"');
    expect(lines[0]).toContain('overall_satisfaction');
    expect(lines).toHaveLength(1 + 11);
    expect(raw.body.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm vào đây"")"`);
    expect(raw.body.toString('utf8')).toContain('2026-03-31 23:30:00');
    const flagged = await download(
      analyst,
      '/api/v1/exports/responses.csv?survey=tthc-services&period=Q1-2026&includeFlagged=true',
    );
    expect(flagged.body.toString('utf8').trim().split('\r\n')).toHaveLength(1 + 13);
  });

  it('unit reports: a manager gets their own unit only', async () => {
    const own = await manager.get('/api/v1/reports/Q1-2026/data?survey=tthc-services');
    expect(own.status).toBe(200);
    expect(own.body.unit).toEqual({ code: 'MOTCUA', name: 'Bộ phận Một cửa' });
    expect(own.body.sections[0].summary.methods.top2_pooled.n).toBe(19);
    expect(own.body.sections[0].units.map((u: { key: string }) => u.key)).toEqual(['MOTCUA']);
    expect((await manager.get('/api/v1/reports/Q1-2026/data?unit=TH-A')).status).toBe(404);
    expect((await download(manager, '/api/v1/reports/Q1-2026.pdf?unit=MN-B')).status).toBe(404);
    expect(
      (await analyst.get('/api/v1/reports/Q1-2026/data?unit=TH-A&family=public-education-parents')).body.sections[0]
        .summary.methods.top2_pooled.n,
    ).toBe(6);
  });

  it('refuses bad report names and periods with 400', async () => {
    expect((await analyst.get('/api/v1/reports/Q9-2026.pdf')).status).toBe(400);
    expect((await analyst.get('/api/v1/reports/Q1-2026.doc')).status).toBe(400);
    expect((await analyst.get('/api/v1/reports/Q1-2026.pdf?survey=nope')).status).toBe(400);
    expect((await analyst.get(`/api/v1/reports/${encodeURIComponent("Q1-2026' or 1=1 --")}.pdf`)).status).toBe(400);
  });

  it('CCHC scores per unit for a year: rate, n, interval, status and points on a configurable scale', async () => {
    const res = await analyst.get('/api/v1/analytics/cchc?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.scale).toEqual({ kind: 'proportional' });
    const row = (code: string) => res.body.rows.find((r: { unit: { code: string } }) => r.unit.code === code);
    // Scored by the official index: MOTCUA's staff criterion over the year, 7 of 9 in Q1 and 1 of 1 in Q2.
    expect(row('MOTCUA').figure).toMatchObject({ method: 'criteria_mean', n: 10, satisfied: 8, status: 'below' });
    expect(row('MOTCUA').figure.interval.low).toBeLessThan(0.8);
    // Under the minimum of 30 respondents: marked, and points × respondents / 30 (tests/cchc.test.ts has the rules).
    expect(row('MOTCUA').state).toBe('small_sample');
    expect(row('MOTCUA').points).toBeCloseTo(((row('MOTCUA').figure.value / 0.95) * 11) / 30, 3);
    expect(row('EVIL').state).toBe('small_sample');
    expect(row('EVIL').points).toBeLessThan(1);
    const steps = (await analyst.get('/api/v1/analytics/cchc?year=2026&scale=steps&steps=0.95:1,0.8:0.5')).body;
    expect(steps.rows.find((r: { unit: { code: string } }) => r.unit.code === 'MOTCUA').points).toBeCloseTo(
      (0.5 * 11) / 30,
      3,
    );
    const bad = await analyst.get('/api/v1/analytics/cchc?year=2026&scale=steps&steps=abc');
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'querystring.steps']);
    const csv = (await download(analyst, '/api/v1/analytics/cchc.csv?year=2026&survey=tthc-services')).body.toString(
      'utf8',
    );
    expect(csv).toContain('Điểm');
    expect(csv).toContain(`"tthc-services","MOTCUA","Bộ phận Một cửa",11,11,10,0.8,`);
    expect(csv).toContain(`'=cmd`);
    const wb = await workbook((await download(analyst, '/api/v1/analytics/cchc.xlsx?year=2026')).body);
    const cells = sheetRows(wb, 'CCHC 2026').find((r) => r[1] === 'TH-A')!;
    // TH-A by the official index: its teachers criterion, 3 of 3.
    expect(cells.slice(3, 7)).toEqual([3, 3, 3, 1]);
    // The default scale is a setting an admin changes (and the audit log records).
    expect(
      (await analyst.put('/api/v1/analytics/settings/cchc').send({ maxPoints: 2, scale: { kind: 'proportional' } }))
        .status,
    ).toBe(403);
    const put = await admin
      .put('/api/v1/analytics/settings/cchc')
      .send({ maxPoints: 2, scale: { kind: 'proportional' } });
    expect(put.status).toBe(200);
    const after = (await analyst.get('/api/v1/analytics/cchc?year=2026&survey=tthc-services')).body;
    expect(after.maxPoints).toBe(2);
    expect(
      (
        await admin
          .put('/api/v1/analytics/settings/cchc')
          .send({ maxPoints: 1, scale: { kind: 'steps', steps: [{ minRate: 0.9, points: 3 }] } })
      ).status,
    ).toBe(400);
    const manager = (await signedInAgent(t, [{ role: 'unit_manager', unitId: ctx.units.get('TH-A')! }])).agent;
    const own = (await manager.get('/api/v1/analytics/cchc?year=2026')).body;
    expect(own.rows.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['TH-A']);
  });

  it('a frozen period keeps its figures when late answers arrive, and says when and by whom', async () => {
    expect((await analyst.post('/api/v1/reports/Q1-2026/freeze').send({ survey: 'tthc-services' })).status).toBe(403);
    expect((await admin.post('/api/v1/reports/Q4-2026/freeze').send({ survey: 'tthc-services' })).status).toBe(409);
    // Who certified is printed by name and title, not e-mail.
    const profile = { displayName: 'Trần Văn Chốt', title: 'Chánh Văn phòng' };
    expect((await admin.put('/api/v1/settings/profile').send(profile)).status).toBe(200);
    const certifier = 'Trần Văn Chốt, Chánh Văn phòng';
    const res = await admin.post('/api/v1/reports/Q1-2026/freeze').send({ survey: 'tthc-services' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ periodCode: 'Q1-2026', selector: 'tthc-services', frozenBy: certifier });
    expect((await admin.post('/api/v1/reports/Q1-2026/freeze').send({ survey: 'tthc-services' })).status).toBe(409);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'periods.freeze').execute();
    expect(audit).toHaveLength(1);

    // A late answer for the first quarter.
    await insertResponses(t.db, ctx, [
      {
        survey: 'tthc-services',
        unit: 'MOTCUA',
        at: '2026-03-20T03:00:00Z',
        answers: { staff_attitude: 1, overall_satisfaction: 1 },
      },
    ]);
    const live = (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026')).body;
    expect(live.responses.accepted).toBe(12);
    const frozen = (await analyst.get('/api/v1/reports/Q1-2026/data?survey=tthc-services')).body;
    expect(frozen.sections[0].summary.methods.top2_pooled.n).toBe(20);
    expect(frozen.frozen.by).toBe(certifier);
    const unitFrozen = (await manager.get('/api/v1/reports/Q1-2026/data?survey=tthc-services')).body;
    expect([unitFrozen.sections[0].summary.methods.top2_pooled.n, unitFrozen.frozen.by]).toEqual([19, certifier]);
    const text = await pdfText((await download(analyst, '/api/v1/reports/Q1-2026.pdf?survey=tthc-services')).body);
    expect(text).toContain('Số liệu đã được chốt');
    expect(text).toContain(certifier);
    expect(text).not.toContain(adminEmail);
    expect(text).toContain('80,0 %');
    const list = (await analyst.get('/api/v1/reports/frozen')).body;
    expect(list.periods).toEqual([
      expect.objectContaining({ periodCode: 'Q1-2026', selector: 'tthc-services', frozenBy: certifier }),
    ]);
    // Other selectors of the same period are still live.
    expect((await analyst.get('/api/v1/reports/Q1-2026/data')).body.frozen).toBeNull();
  });
});
