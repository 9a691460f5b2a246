import { useState } from 'react';
import { send } from '../../lib/api.js';
import { useSession } from '../../lib/session.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { t } from './i18n.js';
import '../../components/admin-ui.css';

/** The signed-in user's account: change password, sign out everywhere. */
export default function AccountPage() {
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="mono">{me.email}</p>
      <section className="panel" aria-labelledby="change-title">
        <h2 id="change-title">{t('changeTitle')}</h2>
        <ChangePasswordForm onChanged={() => {}} />
      </section>
      <section className="panel" aria-labelledby="everywhere-title">
        <h2 id="everywhere-title">{t('everywhereTitle')}</h2>
        <p>{t('everywhereLead')}</p>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await send('POST', '/api/v1/auth/logout-all').catch(() => {});
            location.assign('/admin/');
          }}
        >
          {t('everywhere')}
        </button>
      </section>
    </section>
  );
}
