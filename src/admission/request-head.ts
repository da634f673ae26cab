/**
 * The head of an AdmissionReview too large to read whole: the request's uid, kind, name,
 * namespace, operation and subresource, as far as the first bytes hold them. The API server
 * writes those fields before `object` and `oldObject` (Go's struct order), so a body cut after a
 * few KiB still says whom to answer and what the request is.
 *
 * A tolerant scanner, not a parser: it reads only the members it needs, skips every other value
 * without recursion (the head of a hostile body may nest deeply), and returns what it found when
 * the text ends or stops being JSON.
 */

export interface RequestHead {
  uid?: string;
  kind?: { group?: string; kind?: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation?: string;
}

const STRING_FIELDS = ['uid', 'subResource', 'name', 'namespace', 'operation'] as const;
type StringField = (typeof STRING_FIELDS)[number];

/** The text ended, or is not JSON here: stop and keep what was read. */
class EndOfHead extends Error {}

class Cursor {
  private i = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] ?? '')) this.i += 1;
    const c = this.text[this.i];
    if (c === undefined) throw new EndOfHead();
    return c;
  }

  expect(c: string): void {
    if (this.peek() !== c) throw new EndOfHead();
    this.i += 1;
  }

  /** Consumes `c` if it comes next. */
  take(c: string): boolean {
    if (this.peek() !== c) return false;
    this.i += 1;
    return true;
  }

  string(): string {
    this.expect('"');
    const start = this.i - 1;
    let j = this.i;
    for (;;) {
      const c = this.text[j];
      if (c === undefined) throw new EndOfHead();
      if (c === '\\') j += 2;
      else if (c === '"') break;
      else j += 1;
    }
    this.i = j + 1;
    try {
      return JSON.parse(this.text.slice(start, j + 1)) as string;
    } catch {
      throw new EndOfHead();
    }
  }

  /** Skips one value of any kind; objects and arrays by bracket depth, strings by their quotes. */
  skip(): void {
    const c = this.peek();
    if (c === '"') {
      this.string();
      return;
    }
    if (c !== '{' && c !== '[') {
      while (this.i < this.text.length && /[-+.\w]/.test(this.text[this.i] ?? '')) this.i += 1;
      return;
    }
    let depth = 0;
    do {
      const d = this.peek();
      if (d === '"') {
        this.string();
        continue;
      }
      if (d === '{' || d === '[') depth += 1;
      else if (d === '}' || d === ']') depth -= 1;
      this.i += 1;
    } while (depth > 0);
  }

  /** Calls `member` for each key of the object that comes next; `member` consumes the value. */
  members(member: (key: string) => void): void {
    this.expect('{');
    if (this.take('}')) return;
    do {
      const key = this.string();
      this.expect(':');
      member(key);
    } while (this.take(','));
    this.expect('}');
  }
}

export function readRequestHead(text: string): RequestHead {
  const head: RequestHead = {};
  const cursor = new Cursor(text);
  const readKind = () => {
    const kind: { group?: string; kind?: string } = {};
    head.kind = kind;
    cursor.members((key) => {
      if ((key === 'group' || key === 'kind') && cursor.peek() === '"') kind[key] = cursor.string();
      else cursor.skip();
    });
  };
  try {
    cursor.members((key) => {
      if (key !== 'request' || cursor.peek() !== '{') {
        cursor.skip();
        return;
      }
      cursor.members((field) => {
        if ((STRING_FIELDS as readonly string[]).includes(field) && cursor.peek() === '"') {
          head[field as StringField] = cursor.string();
        } else if (field === 'kind' && cursor.peek() === '{') readKind();
        else cursor.skip();
      });
    });
  } catch (error) {
    if (!(error instanceof EndOfHead)) throw error;
  }
  return head;
}
