import { send } from '../../lib/api.js';
import { useSession } from '../../lib/session.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { t } from './i18n.js';
import '../../components/admin-ui.css';

/**
 * Shown instead of the app while the user must still change an initial password: the API
 * refuses everything else until then (403 password_change_required).
 */
export default function ForcedPasswordChange() {
  const { me, refresh } = useSession();
  return (
    <main className="login">
      <h1>{t('forcedTitle')}</h1>
      <p>{t('forcedLead')}</p>
      <p className="mono">{me.email}</p>
      <ChangePasswordForm onChanged={refresh} autoFocus />
      <div className="actions">
        <button
          type="button"
          className="link"
          onClick={async () => {
            await send('POST', '/api/v1/auth/logout').catch(() => {});
            location.assign('/admin/');
          }}
        >
          {t('signOut')}
        </button>
      </div>
    </main>
  );
}
