// Start the NHS.UK design system components (error summary focus, header menu, radios, etc.).
// A module file rather than an inline script, so the Content Security Policy can forbid inline scripts.
import { initAll } from './nhsuk/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()
