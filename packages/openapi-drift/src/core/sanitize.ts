// Text that came from elsewhere (a remote spec's paths and names, a server's answer) is printed with
// its control characters escaped: an escape sequence in a path must not clear or rewrite the
// terminal, and a bidirectional override must not make a line read differently from what it holds.
// The escape is \uXXXX: readable in text, and inside a JSON string (the JSON outputs) the same value.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function showControlCharacters(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
