/** URLs as Batch Studio shows them, in notifications, the view and the log: without the user name
 *  and password (`http://user:pass@host`) or the query string and fragment (a signed URL's `?sig=`),
 *  which may hold secrets. Pure. */

/** `http://user:pass@host/v1?sig=abc` → `http://host/v1`. Text that is no URL loses what looks
 *  like credentials and a query all the same. */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:' || parsed.host) {
      parsed.username = '';
      parsed.password = '';
      parsed.search = '';
      parsed.hash = '';
      // Keep the text as the user wrote it (no trailing slash added to a bare host).
      const shown = parsed.toString();
      return /\/$/.test(url.split(/[?#]/)[0]) || !shown.endsWith('/') ? shown : shown.slice(0, -1);
    }
  } catch {
    // Not a URL: cleaned below.
  }
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1').replace(/[?#].*$/s, '');
}

/** Every URL in `text` (an error message that quotes one) as `shownUrl` shows it. */
export function withShownUrls(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (url) => {
    // A sentence's closing punctuation is not part of the URL.
    const trailing = /[.,;:)\]]+$/.exec(url)?.[0] ?? '';
    return shownUrl(url.slice(0, url.length - trailing.length)) + trailing;
  });
}
