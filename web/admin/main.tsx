import { createRoot } from 'react-dom/client';

// Placeholder until the admin app lands.
createRoot(document.getElementById('root')!).render(<p>Hài lòng — Quản trị</p>);
