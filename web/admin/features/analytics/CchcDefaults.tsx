import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TCchcSettings, TCchcTable } from '../../../../domain/contract/cchc.js';
import { ZCchcSettings } from '../../../../domain/contract/cchc.js';
import { errorText, send } from '../../lib/api.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { ct } from './cchc-i18n.js';

/**
 * For administrators: the points scale shown, the small-sample rule and the period basis saved as
 * the defaults every CCHC table uses (PUT /api/v1/analytics/settings/cchc; audit-logged).
 */
export function CchcDefaults({ table }: { table: TCchcTable }) {
  const { me } = useSession();
  const client = useQueryClient();
  const [small, setSmall] = useState<TCchcSettings['smallSample']['kind']>(table.smallSample.kind);
  const [basis, setBasis] = useState<TCchcSettings['periodBasis']>(table.basis);
  const save = useMutation({
    mutationFn: () =>
      send(
        'PUT',
        '/api/v1/analytics/settings/cchc',
        {
          maxPoints: table.maxPoints,
          scale: table.scale,
          statusRule: table.statusRule,
          smallSample: small === 'share' ? { kind: 'share', share: 0.5 } : { kind: small },
          periodBasis: basis,
          // Kept as it is: this form changes only the two rules above.
          feedback: table.feedback,
        },
        ZCchcSettings,
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['analytics', 'cchc'] }),
  });
  if (!hasAnyRole(me, ['admin'])) return null;
  return (
    <form
      className="filters cchc-defaults"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label className="filter">
        <span>{ct('smallRule', { min: table.minRespondents })}</span>
        <select value={small} onChange={(e) => setSmall(e.target.value as typeof small)}>
          <option value="by_respondents">{ct('small_by_respondents', { min: table.minRespondents })}</option>
          <option value="share">{ct('small_share', { share: '50 %' })}</option>
          <option value="zero">{ct('small_zero')}</option>
        </select>
      </label>
      <label className="filter">
        <span>{ct('defaultBasis')}</span>
        <select value={basis} onChange={(e) => setBasis(e.target.value as typeof basis)}>
          <option value="calendar">{ct('calendar')}</option>
          <option value="cutoff_09_2019">{ct('cutoff')}</option>
        </select>
      </label>
      <div className="filter">
        <span>&nbsp;</span>
        <button type="submit" disabled={save.isPending}>
          {ct('saveDefaults')}
        </button>
      </div>
      {save.isSuccess && (
        <p role="status" className="muted">
          {ct('saved')}
        </p>
      )}
      {save.error && (
        <p role="alert" className="error">
          {errorText(save.error)}
        </p>
      )}
    </form>
  );
}
