// The login page: one token field; a wrong token says so without telling what the right one looks like.
import { h, type Html } from '../html.js';

export function loginPage(error?: string, next = '/'): Html {
  return h`<form method="post" action="/login" class="login" id="login">
${error ? h`<p class="error" role="alert">${error}</p>` : ''}
<label>Access token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<input type="hidden" name="next" value="${next}"><button type="submit">Log in</button></form>
<p class="sub">The token is the value given to <code>portcullis serve --token-file</code> (or $PORTCULLIS_SERVE_TOKEN).</p>`;
}
