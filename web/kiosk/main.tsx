import { createRoot } from 'react-dom/client';
import { KioskApp, type KioskData } from './KioskApp.js';
import '../form/form.css';
import './kiosk.css';

/** The kiosk's data, inlined by the server into the page (GET /k/{token}). */
function inlineData(): KioskData {
  const el = document.getElementById('hl-kiosk-data');
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as KioskData) : { state: 'unknown' };
  } catch {
    return { state: 'unknown' };
  }
}

document.documentElement.lang = 'vi';
createRoot(document.getElementById('root')!).render(<KioskApp data={inlineData()} />);
