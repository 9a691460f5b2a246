import { hasAnyRole, useSession } from '../../lib/session.js';
import { OrganisationForm } from './OrganisationForm.js';
import { ProfileForm } from './ProfileForm.js';
import { t } from './i18n.js';
import '../../components/admin-ui.css';
import './settings.css';

/** Settings: the organisation's identity (administrators) and one's own name and title (everyone). */
export default function SettingsPage() {
  const { me } = useSession();
  return (
    <section className="settings">
      <h1>{t('title')}</h1>
      <p className="muted">{t('lead')}</p>
      {hasAnyRole(me, ['admin']) && (
        <section className="panel" aria-labelledby="org-title">
          <h2 id="org-title">{t('orgTitle')}</h2>
          <p className="muted">{t('orgLead')}</p>
          <OrganisationForm />
        </section>
      )}
      <section className="panel" aria-labelledby="profile-title-h">
        <h2 id="profile-title-h">{t('profileTitle')}</h2>
        <p className="muted">{t('profileLead')}</p>
        <ProfileForm />
      </section>
    </section>
  );
}
