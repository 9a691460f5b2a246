import { z } from 'zod';

// The admin pages' policy forbids eval. Zod compiles object parsers with `new Function` unless
// jitless, and even its caught probe for eval is reported as a violation. Object schemas read this
// setting when they are built, so main.tsx imports this module before anything that builds one.
z.config({ jitless: true });
