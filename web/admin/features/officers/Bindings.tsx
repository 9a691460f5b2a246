import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ZBindingOut, ZBindings, ZOfficerList, type TBindingOut } from '../../../../domain/contract/officers.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { errorText, get, query, send } from '../../lib/api.js';
import { t } from './i18n.js';

/** The select's value for a binding: '' none, 'pick', or an officer's id. */
const valueOf = (b: TBindingOut) => (b.mode === 'named' ? String(b.officerId) : b.mode === 'pick' ? 'pick' : '');
const bindingOf = (v: string) =>
  v === '' ? { mode: 'none' } : v === 'pick' ? { mode: 'pick' } : { mode: 'named', officerId: Number(v) };

function BindingSelect(props: {
  id: string;
  label: string;
  path: string;
  binding: TBindingOut;
  officers: ReadonlyArray<{ id: number; displayName: string }>;
  noneLabel: string;
}) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (value: string) => send('PUT', props.path, bindingOf(value), ZBindingOut),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['officers', 'bindings'] }),
  });
  return (
    <li className="officers-item">
      <label htmlFor={props.id}>{props.label}</label>
      <div>
        <select
          id={props.id}
          value={valueOf(props.binding)}
          disabled={save.isPending}
          onChange={(e) => save.mutate(e.target.value)}
        >
          <option value="">{props.noneLabel}</option>
          <option value="pick">{t('pick')}</option>
          {props.officers.map((o) => (
            <option key={o.id} value={o.id}>
              {o.displayName}
            </option>
          ))}
        </select>
        {save.isSuccess && (
          <span role="status" className="officers-meta">
            {' '}
            {t('saved')}
          </span>
        )}
        {save.error && <p className="field-error">{errorText(save.error)}</p>}
      </div>
    </li>
  );
}

/** A unit's links and kiosks, each with a select of how its answers are attributed. */
export function Bindings() {
  const [unit, setUnit] = useState('');
  const bindings = useQuery({
    queryKey: ['officers', 'bindings', unit],
    queryFn: ({ signal }) => get(`/api/v1/officers/bindings${query({ unit })}`, ZBindings, signal),
    enabled: unit !== '',
  });
  const officers = useQuery({
    queryKey: ['officers', 'unit', unit],
    queryFn: ({ signal }) => get(`/api/v1/officers${query({ unit })}`, ZOfficerList, signal),
    enabled: unit !== '',
  });
  const active = (officers.data ?? []).filter((o) => o.active);
  const data = bindings.data;
  return (
    <section aria-labelledby="officers-bind-title" className="officers-card">
      <h2 id="officers-bind-title">{t('bindTitle')}</h2>
      <p>{t('bindLead')}</p>
      <UnitPicker id="officer-bind-unit" label={t('unit')} value={unit} onChange={setUnit} />
      {bindings.error && <p className="field-error">{errorText(bindings.error)}</p>}
      {data && data.links.length + data.kiosks.length === 0 && <p>{t('nothingToBind')}</p>}
      {data && data.links.length > 0 && (
        <>
          <h3>{t('links')}</h3>
          <ul className="officers-list">
            {data.links.map((l) => (
              <BindingSelect
                key={l.code}
                id={`bind-link-${l.code}`}
                label={`${l.surveyTitle} · ${l.code}`}
                path={`/api/v1/links/${l.code}/officer`}
                binding={l}
                officers={active}
                noneLabel={t('noneBound')}
              />
            ))}
          </ul>
        </>
      )}
      {data && data.kiosks.length > 0 && (
        <>
          <h3>{t('kiosks')}</h3>
          <ul className="officers-list">
            {data.kiosks.map((k) => (
              <BindingSelect
                key={k.id}
                id={`bind-kiosk-${k.id}`}
                label={k.label}
                path={`/api/v1/kiosks/${k.id}/officer`}
                binding={k}
                officers={active}
                noneLabel={t('kioskInherit')}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
