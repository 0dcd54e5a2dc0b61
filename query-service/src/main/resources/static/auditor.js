  const api = '/api/v1';
  const TOKEN = 'consent-ledger-token';

  // The auditor signs in with the auditor client (client_credentials at the issuer's token endpoint,
  // which lets this page's origin call it); the token stays in this tab's session storage only.
  function token() { return sessionStorage.getItem(TOKEN); }

  // The page speaks the language of the report it shows: the one chosen last, else the browser's.
  const LANGUAGE = 'consent-ledger-lang';
  const TEXTS = {
    en: {
      title: 'Consent Ledger - auditor',
      tagline: 'Who holds which data about whom, since when, how they got it, and on what basis.',
      signOut: 'Sign out', signInHeading: 'Sign in as an auditor',
      signInHint: 'With the auditor client of the ledger\'s issuer (the dev stack writes it to ledger-data/dev-credentials.json).',
      tokenEndpoint: 'token endpoint', clientId: 'client id, e.g. ledger-auditor', clientSecret: 'client secret',
      signIn: 'Sign in', refused: 'Sign-in refused: check the client id and secret.',
      unreachable: 'The token endpoint cannot be reached.',
      lookUp: 'Look up a person', subject: 'pseudonymous subject id, e.g. demo-person-4711', language: 'language',
      showReport: 'Show report', reportTitle: 'Data-access report',
      concentration: 'Who holds too much',
      concentrationHint: 'Kinds of data held by each app and the share of its people\'s data it holds; red: super-app risk.',
      concentrationChart: 'concentration by app', noHoldings: 'No holdings yet.',
      kinds: ['kind', 'kinds'], people: ['person', 'people'],
      violations: 'Latest violations', loading: 'loading...', noViolations: 'No violations recorded.',
      heads: ['when', 'person', 'what', 'codes'],
      kind: { collection: 'collection', transfer: 'transfer', receipt: 'receipt' }
    },
    de: {
      title: 'Consent Ledger - Prüfansicht',
      tagline: 'Wer welche Daten über wen hat, seit wann, woher und auf welcher Rechtsgrundlage.',
      signOut: 'Abmelden', signInHeading: 'Als Prüferin oder Prüfer anmelden',
      signInHint: 'Mit dem Prüf-Client des Token-Ausstellers des Ledgers (der Entwicklungs-Stack schreibt ihn in ledger-data/dev-credentials.json).',
      tokenEndpoint: 'Token-Endpunkt', clientId: 'Client-ID, z. B. ledger-auditor', clientSecret: 'Client-Geheimnis',
      signIn: 'Anmelden', refused: 'Anmeldung abgelehnt: Client-ID und Geheimnis prüfen.',
      unreachable: 'Der Token-Endpunkt ist nicht erreichbar.',
      lookUp: 'Eine Person nachschlagen', subject: 'pseudonyme Kennung der Person, z. B. demo-person-4711',
      language: 'Sprache', showReport: 'Auskunft zeigen', reportTitle: 'Datenauskunft',
      concentration: 'Wer zu viel hält',
      concentrationHint: 'Arten von Daten je App und ihr Anteil an den Daten ihrer Personen; rot: Super-App-Risiko.',
      concentrationChart: 'Konzentration je App', noHoldings: 'Noch keine Daten gehalten.',
      kinds: ['Art', 'Arten'], people: ['Person', 'Personen'],
      violations: 'Neueste Verstöße', loading: 'wird geladen …', noViolations: 'Keine Verstöße verzeichnet.',
      heads: ['Wann', 'Person', 'Was', 'Codes'],
      kind: { collection: 'Erhebung', transfer: 'Übermittlung', receipt: 'Empfang' }
    }
  };

  function language() {
    const chosen = localStorage.getItem(LANGUAGE);
    if (TEXTS[chosen]) return chosen;
    return (navigator.language || '').toLowerCase().startsWith('de') ? 'de' : 'en';
  }

  function t(key) { return TEXTS[language()][key]; }

  // Elements name their text by data-text (content), data-placeholder and data-label (aria-label).
  function translate() {
    document.documentElement.lang = language();
    document.title = t('title');
    document.getElementById('lang').value = language();
    document.querySelectorAll('[data-text]').forEach(e => { e.textContent = t(e.dataset.text); });
    document.querySelectorAll('[data-placeholder]').forEach(e => { e.placeholder = t(e.dataset.placeholder); });
    document.querySelectorAll('[data-label]').forEach(e => e.setAttribute('aria-label', t(e.dataset.label)));
    document.getElementById('report').title = t('reportTitle');
  }

  async function call(path) {
    const answer = await fetch(api + path, { headers: { Authorization: 'Bearer ' + token() } });
    if (answer.status === 401) { signOut(); throw new Error('signed out'); }
    return answer.json();
  }

  async function signIn(event) {
    event.preventDefault();
    const id = document.getElementById('client-id').value.trim();
    const secret = document.getElementById('client-secret').value;
    const answer = await fetch(document.getElementById('token-endpoint').value.trim(), {
      method: 'POST',
      headers: { Authorization: 'Basic ' + btoa(encodeURIComponent(id) + ':' + encodeURIComponent(secret)),
        'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials' }).catch(() => null);
    if (!answer || !answer.ok) {
      document.getElementById('signin-error').textContent = answer
        ? t('refused') : t('unreachable');
      return;
    }
    sessionStorage.setItem(TOKEN, (await answer.json()).access_token);
    start();
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN);
    document.getElementById('signin').hidden = false;
    document.getElementById('app').hidden = true;
    document.getElementById('signout').hidden = true;
  }

  function plural(n, key) { return n + ' ' + t(key)[n === 1 ? 0 : 1]; }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgEl(tag, attrs, text) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A report opens by a form POST carrying the token in its body (RFC 6750 2.2), into the frame or a
  // new tab: the token never goes into a URL, where browser history and access logs would keep it.
  function openReport(subject, format, target) {
    const form = el('form', { method: 'post', target: target,
      action: api + '/subjects/' + encodeURIComponent(subject) + '/report' });
    const fields = { format: format, lang: language(), access_token: token() };
    Object.entries(fields).forEach(([name, value]) => {
      const input = el('input', { type: 'hidden', name: name });
      input.value = value;
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
    form.remove();
  }

  let shown = null;

  function showReport(subject) {
    shown = subject;
    document.getElementById('subject').value = subject;
    document.getElementById('report').hidden = false;
    openReport(subject, 'html', 'report-frame');
    document.getElementById('report-links').hidden = false;
    history.replaceState(null, '', '?subject=' + encodeURIComponent(subject));
  }

  async function drawConcentration() {
    const box = document.getElementById('concentration');
    const data = await call('/audit/concentration');
    box.textContent = '';
    if (data.apps.length === 0) { box.textContent = t('noHoldings'); return; }
    const rowHeight = 30, labelWidth = 110, width = 460;
    const max = Math.max(...data.apps.map(a => a.categories));
    const svg = svgEl('svg', { id: 'concentration-chart', width: width, height: data.apps.length * rowHeight + 10,
      role: 'img', 'aria-label': t('concentrationChart') });
    data.apps.forEach((a, i) => {
      const y = i * rowHeight + 5, barWidth = Math.max(2, (width - labelWidth - 120) * a.categories / max);
      svg.appendChild(svgEl('text', { x: 0, y: y + 16, 'font-size': 12 }, a.app));
      svg.appendChild(svgEl('rect', { x: labelWidth, y: y, width: barWidth, height: 20, rx: 3,
        fill: a.superAppRisk ? '#c0392b' : '#44546a', class: 'bar', 'data-app': a.app }));
      svg.appendChild(svgEl('text', { x: labelWidth + barWidth + 6, y: y + 15, 'font-size': 11, fill: '#555' },
        plural(a.categories, 'kinds') + ', ' + plural(a.subjects, 'people') + ', '
          + Math.round(a.meanShare * 100) + '%'));
    });
    box.appendChild(svg);
  }

  async function listViolations() {
    const table = document.getElementById('violations');
    const data = await call('/audit/violations?order=desc&limit=15');
    table.textContent = '';
    const head = el('tr');
    t('heads').forEach(h => head.appendChild(el('th', {}, h)));
    table.appendChild(head);
    data.violations.forEach(v => {
      const row = el('tr', { class: 'violation' });
      row.appendChild(el('td', {}, v.at.substring(0, 10)));
      const who = el('td');
      const link = el('a', { class: 'subject' }, v.subject);
      link.addEventListener('click', () => showReport(v.subject));
      who.appendChild(link);
      row.appendChild(who);
      row.appendChild(el('td', {}, (t('kind')[v.kind] || v.kind) + ' ' + (v.from || v.app) + (v.to ? ' -> ' + v.to : '')));
      row.appendChild(el('td', { class: 'code' }, v.codes.join(', ')));
      table.appendChild(row);
    });
    if (data.violations.length === 0) table.appendChild(el('tr', {}, t('noViolations')));
  }

  document.getElementById('lookup').addEventListener('submit', e => {
    e.preventDefault();
    showReport(document.getElementById('subject').value.trim());
  });
  document.getElementById('signin').addEventListener('submit', signIn);
  document.getElementById('signout').addEventListener('click', signOut);
  document.getElementById('pdf-link').addEventListener('click', () => openReport(shown, 'pdf', '_blank'));
  document.getElementById('json-link').addEventListener('click', () => openReport(shown, 'json', '_blank'));
  document.getElementById('lang').addEventListener('change', e => {
    localStorage.setItem(LANGUAGE, e.target.value);
    translate();
    if (!document.getElementById('app').hidden) {
      if (shown) showReport(shown);
      drawConcentration();
      listViolations();
    }
  });
  translate();
  document.getElementById('token-endpoint').value = location.protocol + '//' + location.hostname + ':8083/oauth2/token';

  function start() {
    document.getElementById('signin').hidden = true;
    document.getElementById('app').hidden = false;
    document.getElementById('signout').hidden = false;
    const asked = new URLSearchParams(location.search).get('subject');
    if (asked) showReport(asked);
    drawConcentration();
    listViolations();
  }
  if (token()) start();
