import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNITS_CSV } from '../server/demo/seed.js';
import { importUnits, UnitImportError } from '../server/units/import.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { nodeArgs } from './helpers/server-process.js';

const header = 'code,name,kind,level,parent_code,ward,enrolment';

async function unitCount(t: TestDatabase) {
  return (await t.db.selectFrom('units').select('id').execute()).length;
}

describe('units import', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('imports the demo file: the department, its offices and about 60 schools of every level', async () => {
    const result = await importUnits(t.db, readFileSync(DEMO_UNITS_CSV, 'utf8'));
    expect(result.updated).toBe(0);
    const units = await t.db.selectFrom('units').selectAll().execute();
    expect(units.length).toBe(result.inserted);
    const schools = units.filter((u) => u.kind === 'school');
    expect(schools.length).toBeGreaterThanOrEqual(55);
    expect(new Set(schools.map((s) => s.level))).toEqual(new Set(['mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx']));
    expect(new Set(schools.map((s) => s.ward)).size).toBeGreaterThanOrEqual(4);
    const department = units.find((u) => u.kind === 'department')!;
    expect(department.parent_id).toBeNull();
    expect(units.filter((u) => u.kind === 'office').every((u) => u.parent_id === department.id)).toBe(true);
    const local = units.filter((u) => ['ward', 'commune', 'special_zone'].includes(u.kind));
    expect(local.length).toBeGreaterThanOrEqual(20);
    expect(local.every((u) => u.parent_id === department.id && u.ward === u.name)).toBe(true);
  });

  it('reads kind and level as Vietnamese labels or codes, ignoring case and diacritics', async () => {
    const csv = [
      header,
      'VN-XA,Xã Thử Nghiệm,Xã,,SGDDT,,',
      'VN-MN,Trường Mầm non Nhãn,Trường học,Mầm non,VN-XA,,120',
      'VN-TH,Trường Tiểu học Nhãn,truong hoc,TIỂU HỌC,VN-XA,,300',
      'VN-THCS,Trường THCS Nhãn,School,thcs,VN-XA,Xã Khác Ghi Rõ,400',
      'VN-THPT,Trường THPT Nhãn,trường học,Trung học phổ thông,SGDDT,Xã Thử Nghiệm,900',
      'VN-TH2,Trường Tiểu học Gạch Nối,Trường,tieu-hoc,SGDDT,,100',
      'VN-DK,Đặc khu Thử,đặc khu,,SGDDT,,',
      'VN-P,Phòng Thử,phòng/ban,,SGDDT,,',
    ].join('\n');
    expect(await importUnits(t.db, csv)).toEqual({ inserted: 8, updated: 0 });
    const rows = await t.db
      .selectFrom('units')
      .select(['code', 'kind', 'level', 'ward'])
      .where('code', 'like', 'VN-%')
      .orderBy('code')
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.code, [r.kind, r.level, r.ward]]))).toEqual({
      'VN-DK': ['special_zone', null, 'Đặc khu Thử'],
      'VN-TH2': ['school', 'tieu_hoc', null],
      'VN-MN': ['school', 'mam_non', 'Xã Thử Nghiệm'],
      'VN-P': ['office', null, null],
      'VN-TH': ['school', 'tieu_hoc', 'Xã Thử Nghiệm'],
      // A ward written in the file wins over the parent's.
      'VN-THCS': ['school', 'thcs', 'Xã Khác Ghi Rõ'],
      'VN-THPT': ['school', 'thpt', 'Xã Thử Nghiệm'],
      'VN-XA': ['commune', null, 'Xã Thử Nghiệm'],
    });
  });

  it('refuses an unknown label with a Vietnamese message that lists the labels it takes', async () => {
    const err = (await importUnits(t.db, `${header}\nVN-BAD,Trường Lạ,Trường đại học,Đại học,SGDDT,,`).catch(
      (e) => e,
    )) as UnitImportError;
    expect(err).toBeInstanceOf(UnitImportError);
    const byColumn = Object.fromEntries(err.problems.map((p) => [p.column, p.message]));
    expect(byColumn.kind).toMatch(
      /^loại đơn vị không hợp lệ; dùng một trong: "Sở" \(department\), .*"Trường học" \(school\)/,
    );
    expect(byColumn.kind).toContain('"Đặc khu" (special_zone)');
    expect(byColumn.level).toMatch(
      /^cấp học không hợp lệ; dùng một trong: "Mầm non" \(mam_non\), "Tiểu học" \(tieu_hoc\)/,
    );
    expect(err.message).toMatch(/^Không nhập đơn vị nào/);
    expect(err.message).toContain('dòng 2, cột kind');
  });

  it('updates units by code on re-import, parents in any row order', async () => {
    const before = await unitCount(t);
    const csv = [
      header,
      'NEW-CHILD,Trường Tiểu học Mới,school,tieu_hoc,NEW-PARENT,Phường Mới,500',
      'NEW-PARENT,Phòng Mới,office,,SGDDT,,',
      'SGDDT,Sở Giáo dục và Đào tạo (đổi tên),department,,,,',
    ].join('\n');
    const result = await importUnits(t.db, csv);
    expect(result).toEqual({ inserted: 2, updated: 1 });
    expect(await unitCount(t)).toBe(before + 2);
    const child = await t.db
      .selectFrom('units as c')
      .innerJoin('units as p', 'p.id', 'c.parent_id')
      .select(['c.enrolment', 'p.code as parent'])
      .where('c.code', '=', 'NEW-CHILD')
      .executeTakeFirstOrThrow();
    expect(child).toEqual({ enrolment: 500, parent: 'NEW-PARENT' });
    const so = await t.db.selectFrom('units').select('name').where('code', '=', 'SGDDT').executeTakeFirstOrThrow();
    expect(so.name).toBe('Sở Giáo dục và Đào tạo (đổi tên)');
  });

  it('imports nothing from a file with bad rows, and lists each with line, column and reason', async () => {
    const before = await t.db.selectFrom('units').selectAll().orderBy('id').execute();
    const csv = [
      header,
      'GOOD-1,Trường Mầm non Tốt,school,mam_non,SGDDT,Phường A,200',
      'BAD LEVEL,Trường X,school,dai_hoc,SGDDT,Phường A,100',
      'BAD-2,,office,,SGDDT,,',
      'BAD-3,Trường Y,school,,SGDDT,Phường A,-5',
      'GOOD-1,Trùng mã,office,,SGDDT,,',
      'BAD-4,Trường Z,planet,,SGDDT,,',
    ].join('\n');
    const err = (await importUnits(t.db, csv).catch((e) => e)) as UnitImportError;
    expect(err).toBeInstanceOf(UnitImportError);
    expect(err.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 'code' }),
        expect.objectContaining({ line: 3, column: 'level' }),
        expect.objectContaining({ line: 4, column: 'name' }),
        expect.objectContaining({ line: 5, column: 'enrolment' }),
        expect.objectContaining({ line: 5, column: 'level', message: 'trường học cần cấp học' }),
        expect.objectContaining({ line: 6, column: 'code', message: expect.stringMatching(/trùng với dòng 2/) }),
        expect.objectContaining({ line: 7, column: 'kind' }),
      ]),
    );
    expect(await t.db.selectFrom('units').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('refuses an unknown parent or a cycle without writing', async () => {
    const before = await unitCount(t);
    await expect(importUnits(t.db, `${header}\nORPHAN,Trường Mồ côi,office,,NO-SUCH,,`)).rejects.toThrow(
      /dòng 2, cột parent_code: không tìm thấy/,
    );
    await expect(importUnits(t.db, `${header}\nCYC-A,A,office,,CYC-B,,\nCYC-B,B,office,,CYC-A,,`)).rejects.toThrow(
      /vòng lặp/,
    );
    await expect(importUnits(t.db, 'code,name\nX,Y')).rejects.toThrow(/thiếu cột "kind"/);
    expect(await unitCount(t)).toBe(before);
  });

  it('works from the command line: `npm run units:import -- file.csv`', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hl-units-'));
    const good = path.join(dir, 'good.csv');
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(good, `${header}\nCLI-1,Trường THCS Dòng Lệnh,school,thcs,SGDDT,Phường B,900\n`);
    writeFileSync(bad, `${header}\nCLI-2,Trường Lỗi,school,,SGDDT,,\n`);
    const run = (file: string) =>
      spawnSync(process.execPath, [...nodeArgs('server/cli/import-units.ts'), file], {
        cwd: path.resolve(import.meta.dirname, '..'),
        env: { ...process.env, DATABASE_URL: t.url },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const ok = run(good);
    expect(ok.stdout).toMatch(/1 new unit/);
    expect(ok.status).toBe(0);
    const failed = run(bad);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/dòng 2, cột level: trường học cần cấp học/);
  }, 150_000);
});
