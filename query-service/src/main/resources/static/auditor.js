  const api = '/api/v1';
  const TOKEN = 'consent-ledger-token';

  // The auditor signs in with the auditor client (client_credentials at the issuer's token endpoint,
  // which lets this page's origin call it); the token stays in this tab's session storage only.
  function token() { return sessionStorage.getItem(TOKEN); }

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
        ? 'Sign-in refused: check the client id and secret.' : 'The token endpoint cannot be reached.';
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

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

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
    const fields = { format: format, lang: document.getElementById('lang').value, access_token: token() };
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
    if (data.apps.length === 0) { box.textContent = 'No holdings yet.'; return; }
    const rowHeight = 30, labelWidth = 110, width = 460;
    const max = Math.max(...data.apps.map(a => a.categories));
    const svg = svgEl('svg', { id: 'concentration-chart', width: width, height: data.apps.length * rowHeight + 10,
      role: 'img', 'aria-label': 'concentration by app' });
    data.apps.forEach((a, i) => {
      const y = i * rowHeight + 5, barWidth = Math.max(2, (width - labelWidth - 120) * a.categories / max);
      svg.appendChild(svgEl('text', { x: 0, y: y + 16, 'font-size': 12 }, a.app));
      svg.appendChild(svgEl('rect', { x: labelWidth, y: y, width: barWidth, height: 20, rx: 3,
        fill: a.superAppRisk ? '#c0392b' : '#44546a', class: 'bar', 'data-app': a.app }));
      svg.appendChild(svgEl('text', { x: labelWidth + barWidth + 6, y: y + 15, 'font-size': 11, fill: '#555' },
        plural(a.categories, 'kind', 'kinds') + ', ' + plural(a.subjects, 'person', 'people') + ', '
          + Math.round(a.meanShare * 100) + '%'));
    });
    box.appendChild(svg);
  }

  async function listViolations() {
    const table = document.getElementById('violations');
    const data = await call('/audit/violations?order=desc&limit=15');
    table.textContent = '';
    const head = el('tr');
    ['when', 'person', 'what', 'codes'].forEach(h => head.appendChild(el('th', {}, h)));
    table.appendChild(head);
    data.violations.forEach(v => {
      const row = el('tr', { class: 'violation' });
      row.appendChild(el('td', {}, v.at.substring(0, 10)));
      const who = el('td');
      const link = el('a', { class: 'subject' }, v.subject);
      link.addEventListener('click', () => showReport(v.subject));
      who.appendChild(link);
      row.appendChild(who);
      row.appendChild(el('td', {}, v.kind + ' ' + (v.from || v.app) + (v.to ? ' -> ' + v.to : '')));
      row.appendChild(el('td', { class: 'code' }, v.codes.join(', ')));
      table.appendChild(row);
    });
    if (data.violations.length === 0) table.appendChild(el('tr', {}, 'No violations recorded.'));
  }

  document.getElementById('lookup').addEventListener('submit', e => {
    e.preventDefault();
    showReport(document.getElementById('subject').value.trim());
  });
  document.getElementById('signin').addEventListener('submit', signIn);
  document.getElementById('signout').addEventListener('click', signOut);
  document.getElementById('pdf-link').addEventListener('click', () => openReport(shown, 'pdf', '_blank'));
  document.getElementById('json-link').addEventListener('click', () => openReport(shown, 'json', '_blank'));
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
