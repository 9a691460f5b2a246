import { describe, expect, it } from 'vitest';
import { matchesSearch, searchKey, searchRank } from './search-text.js';

describe('diacritics- and case-insensitive search', () => {
  it('folds Vietnamese marks, đ and case', () => {
    expect(searchKey('Trường Tiểu học Nguyễn Bỉnh Khiêm')).toBe('truong tieu hoc nguyen binh khiem');
    expect(searchKey('  ĐỒNG   Đa ')).toBe('dong da');
    // Precomposed and decomposed input fold alike.
    expect(searchKey('Khiêm'.normalize('NFD'))).toBe(searchKey('Khiêm'.normalize('NFC')));
  });

  it('finds a unit by words typed without marks, in any order, or by code', () => {
    const name = 'Trường Tiểu học Nguyễn Bỉnh Khiêm';
    expect(matchesSearch('nguyen binh khiem', name)).toBe(true);
    expect(matchesSearch('KHIEM nguyen', name)).toBe(true);
    expect(matchesSearch('th-nbk', name, 'TH-NBK')).toBe(true);
    expect(matchesSearch('nguyen du', name)).toBe(false);
    expect(matchesSearch('', name)).toBe(true);
  });

  it('ranks an exact or word-start match first', () => {
    expect(searchRank('le quy don', 'Trường THCS Lê Quý Đôn')).toBe(1);
    expect(searchRank('thcs-lqd', 'Trường THCS Lê Quý Đôn', 'THCS-LQD')).toBe(0);
    expect(searchRank('don le', 'Trường THCS Lê Quý Đôn')).toBe(3);
    expect(searchRank('xyz', 'Trường THCS Lê Quý Đôn')).toBeUndefined();
  });
});
