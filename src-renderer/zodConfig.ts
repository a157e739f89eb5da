import { z } from 'zod'

// zod compiles object schemas with new Function() when it can, which the
// page's CSP (no 'unsafe-eval') forbids; it decides when each schema is
// built, so this module must be imported before any schema module.
z.config({ jitless: true })
