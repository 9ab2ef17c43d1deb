// QR codes for tickets, drawn in the browser: byte mode, error correction
// level M, versions 1 to 3 (up to 42 bytes: a booking code or a ticket
// secret fits with room to spare), UTF-8 marked by its ECI. Follows
// ISO/IEC 18004; small on purpose.

const VERSIONS = [
  // size, data codewords, error correction codewords (one block each)
  null,
  { size: 21, data: 16, ec: 10, align: null },
  { size: 25, data: 28, ec: 16, align: 18 },
  { size: 29, data: 44, ec: 26, align: 22 },
];

// GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let value = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = value;
    LOG[value] = i;
    value <<= 1;
    if (value & 0x100) value ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}
const mul = (a, b) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]]);

function errorCorrection(data, count) {
  // Generator: the product of (x - a^i) for i < count, highest power first.
  let generator = [1];
  for (let i = 0; i < count; i++) {
    const next = new Array(generator.length + 1).fill(0);
    for (let j = 0; j < generator.length; j++) {
      next[j] ^= generator[j];
      next[j + 1] ^= mul(generator[j], EXP[i]);
    }
    generator = next;
  }
  const remainder = new Array(count).fill(0);
  for (const byte of data) {
    const factor = byte ^ remainder.shift();
    remainder.push(0);
    for (let j = 0; j < count; j++) remainder[j] ^= mul(generator[j + 1], factor);
  }
  return remainder;
}

function codewords(bytes, version) {
  const { data, ec } = VERSIONS[version];
  const bits = [];
  const put = (value, length) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  // Text beyond ASCII says it is UTF-8 (ECI 26), or readers guess a
  // Japanese or Latin-1 encoding.
  if (bytes.some((byte) => byte >= 0x80)) {
    put(0b0111, 4);
    put(26, 8);
  }
  put(0b0100, 4); // byte mode
  put(bytes.length, 8);
  for (const byte of bytes) put(byte, 8);
  put(0, Math.min(4, data * 8 - bits.length)); // terminator
  while (bits.length % 8) bits.push(0);
  const out = [];
  for (let i = 0; i < bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8).join(''), 2));
  for (let pad = 0xec; out.length < data; pad ^= 0xec ^ 0x11) out.push(pad);
  return out.concat(errorCorrection(out, ec));
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x, y) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

function formatBits(mask) {
  const value = (0b00 << 3) | mask; // level M is 00
  let remainder = value;
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
  return ((value << 10) | remainder) ^ 0x5412;
}

class Matrix {
  constructor(size) {
    this.size = size;
    this.dark = Array.from({ length: size }, () => new Array(size).fill(false));
    this.fixed = Array.from({ length: size }, () => new Array(size).fill(false));
  }
  set(x, y, dark) {
    this.dark[y][x] = dark;
    this.fixed[y][x] = true;
  }
}

function drawFunctionPatterns(m, version) {
  const n = m.size;
  for (const [cx, cy] of [[3, 3], [n - 4, 3], [3, n - 4]]) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx, y = cy + dy;
        if (x < 0 || y < 0 || x >= n || y >= n) continue;
        const ring = Math.max(Math.abs(dx), Math.abs(dy));
        m.set(x, y, ring !== 2 && ring !== 4);
      }
    }
  }
  for (let i = 8; i < n - 8; i++) {
    m.set(6, i, i % 2 === 0);
    m.set(i, 6, i % 2 === 0);
  }
  const align = VERSIONS[version].align;
  if (align) {
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++)
        m.set(align + dx, align + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
  drawFormat(m, 0); // reserves the format areas; drawn for real after masking
}

function drawFormat(m, mask) {
  const n = m.size;
  const bits = formatBits(mask);
  const bit = (i) => ((bits >>> i) & 1) === 1;
  for (let i = 0; i <= 5; i++) m.set(8, i, bit(i));
  m.set(8, 7, bit(6));
  m.set(8, 8, bit(7));
  m.set(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.set(14 - i, 8, bit(i));
  for (let i = 0; i < 8; i++) m.set(n - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.set(8, n - 15 + i, bit(i));
  m.set(8, n - 8, true); // the dark module
}

function placeData(m, words) {
  const n = m.size;
  let i = 0;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let step = 0; step < n; step++) {
      const y = upward ? n - 1 - step : step;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        if (m.fixed[y][x]) continue;
        if (i < words.length * 8) m.dark[y][x] = ((words[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
        i++;
      }
    }
  }
}

function applyMask(m, mask) {
  for (let y = 0; y < m.size; y++)
    for (let x = 0; x < m.size; x++)
      if (!m.fixed[y][x] && MASKS[mask](x, y)) m.dark[y][x] = !m.dark[y][x];
}

// Runs, blocks and balance (rules 1, 2 and 4 of the standard's penalty):
// enough to avoid masks that make a symbol hard to read.
function penalty(m) {
  const n = m.size;
  let score = 0;
  let darkCount = 0;
  for (let a = 0; a < n; a++) {
    let runRow = 1, runColumn = 1;
    for (let b = 1; b < n; b++) {
      if (m.dark[a][b] === m.dark[a][b - 1]) runRow++;
      else runRow = 1;
      if (runRow === 5) score += 3;
      else if (runRow > 5) score++;
      if (m.dark[b][a] === m.dark[b - 1][a]) runColumn++;
      else runColumn = 1;
      if (runColumn === 5) score += 3;
      else if (runColumn > 5) score++;
    }
  }
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (m.dark[y][x]) darkCount++;
      if (x < n - 1 && y < n - 1) {
        const c = m.dark[y][x];
        if (c === m.dark[y][x + 1] && c === m.dark[y + 1][x] && c === m.dark[y + 1][x + 1])
          score += 3;
      }
    }
  }
  score += Math.floor(Math.abs(darkCount * 20 - n * n * 10) / (n * n)) * 10;
  return score;
}

// The modules of a QR code for `text` (UTF-8): rows of booleans, true for
// dark. Throws for text too long for version 3.
export function qrModules(text) {
  const bytes = new TextEncoder().encode(text);
  const header = bytes.some((byte) => byte >= 0x80) ? 4 : 2; // mode, count (and ECI), rounded up
  const version = [1, 2, 3].find((v) => bytes.length + header <= VERSIONS[v].data);
  if (!version) throw new RangeError('text too long for a ticket QR code');
  const words = codewords(bytes, version);
  let best = null;
  for (let mask = 0; mask < 8; mask++) {
    const m = new Matrix(VERSIONS[version].size);
    drawFunctionPatterns(m, version);
    placeData(m, words);
    applyMask(m, mask);
    drawFormat(m, mask);
    const score = penalty(m);
    if (!best || score < best.score) best = { score, m };
  }
  return best.m.dark;
}

// An SVG element for `text`, with a quiet zone of four modules.
export function qrSvg(text, label) {
  const modules = qrModules(text);
  const quiet = 4;
  const side = modules.length + 2 * quiet;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.classList.add('qr');
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', side);
  background.setAttribute('height', side);
  background.setAttribute('fill', '#fff');
  svg.append(background);
  let d = '';
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
    }),
  );
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(path);
  return svg;
}
