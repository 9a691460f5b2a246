import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestApp, type TestApp } from './helpers/app.js';

interface Rule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string; description?: string };
}

const docs = path.join(import.meta.dirname, '..', 'docs');

/**
 * The alert rules an operator loads must watch series the app really exports, under the labels it
 * really uses; a renamed metric or route would otherwise leave an alert silently never firing.
 */
describe('docs/prometheus-alerts.yml', () => {
  let t: TestApp;
  let rules: Rule[];
  let metrics: string;
  beforeAll(async () => {
    t = await startTestApp();
    // One submission (refused, but counted under its route pattern) so the route's series exist.
    await t.request().post('/api/v1/public/responses').send({});
    await t.request().get('/api/v1/units');
    metrics = await (await fetch(`${t.url}/metrics`)).text();
    const doc = parse(await readFile(path.join(docs, 'prometheus-alerts.yml'), 'utf8')) as {
      groups: Array<{ name: string; rules: Rule[] }>;
    };
    rules = doc.groups.flatMap((g) => g.rules);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has a name, an expression, a severity and a summary on every rule', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^HaiLong[A-Za-z0-9]+$/);
      expect(rule.expr?.trim()).toBeTruthy();
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      if (rule.for) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('watches only series that /metrics exports, and routes that exist', () => {
    const names = new Set(rules.flatMap((r) => [...r.expr!.matchAll(/([a-zA-Z_:][\w:]*)\{/g)].map((m) => m[1]!)));
    expect(names.size).toBeGreaterThan(5);
    for (const name of names) {
      if (name === 'up') continue; // Prometheus's own series for the scrape
      expect(metrics, `series ${name}`).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
    }
    for (const rule of rules) {
      for (const [, route] of rule.expr!.matchAll(/route="([^"]+)"/g)) {
        expect(metrics, `route ${route}`).toContain(`route="${route}"`);
      }
    }
    for (const expected of [
      'hailong_db_up',
      'hailong_postmaster_restarts_total',
      'db_pool_connections',
      'http_request_duration_seconds_bucket',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('is described alert by alert in docs/operations.md', async () => {
    const operations = await readFile(path.join(docs, 'operations.md'), 'utf8');
    for (const rule of rules) expect(operations, rule.alert).toContain(`\`${rule.alert}\``);
  });
});
