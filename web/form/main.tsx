import { createRoot } from 'react-dom/client';

// Placeholder until the phone form lands.
createRoot(document.getElementById('root')!).render(<p>Phiếu khảo sát</p>);
