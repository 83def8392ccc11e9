/**
 * Markdown structure that must not confuse the checks. `proseOnly` returns the text with
 * everything that is not prose blanked out by spaces (front matter, fenced and indented code,
 * code spans, HTML comments and tags, link targets, ordered-list and section numbers), so that offsets stay those of the
 * original text and nothing inside code is ever recognised.
 */

export type DraftLanguage = 'markdown' | 'plaintext';

export function proseOnly(text: string, language: DraftLanguage): string {
  const prose = markdownProse(text, language);
  // A carriage return is a space to the analysis, so that a draft with \r\n line ends reads as one with \n.
  return prose.includes('\r') ? prose.replace(/\r/g, ' ') : prose;
}

function markdownProse(text: string, language: DraftLanguage): string {
  const withoutUrls = text.includes('http') || text.includes('www.') ? blank(text, /\b(?:https?:\/\/|www\.)[^\s<>()\[\]]+/g) : text; // bare URLs, in any draft
  // Section numbers that open a line ("1.2 Of those freed", "4.2 Earlier releases"), in any draft.
  const withoutSections = blankGroup(withoutUrls, /^[ \t]*(\d{1,3}(?:\.\d{1,3})+\.?)(?=[ \t]+\p{Lu})/gmu);
  if (language !== 'markdown') return withoutSections;
  let prose = withoutSections;
  // Each pattern runs only where the text has the characters it needs: most drafts have no code,
  // HTML or links, and every pass reads the whole draft.
  if (/^\uFEFF?---/.test(prose)) prose = blank(prose, /^\uFEFF?---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/g); // front matter
  if (prose.includes('```') || prose.includes('~~~')) prose = blank(prose, /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\n|$)|$(?![\s\S]))/gm); // fenced code
  if (prose.includes('<!--')) prose = blank(prose, /<!--[\s\S]*?(?:-->|$(?![\s\S]))/g); // HTML comments
  if (prose.includes('`')) prose = blank(prose, /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g); // code spans
  if (prose.includes('<')) prose = blank(prose, /<\/?[A-Za-z][^<>\n]*>/g); // inline HTML tags
  if (prose.includes('](')) prose = blankGroup(prose, /\]\(([^()\s]*(?:\([^()\s]*\))?[^()\s]*(?:\s+"[^"]*")?)\)/g); // link targets
  if (prose.includes(']:')) prose = blankGroup(prose, /^ {0,3}\[[^\]]+\]:\s*(\S.*)$/gm); // link reference definitions
  if (prose.includes('<')) prose = blankGroup(prose, /<((?:https?|mailto):[^>\s]+)>/g); // autolinks
  prose = blankGroup(prose, /^ {0,3}(?:> ?)*(\d{1,9}[.)])(?=[ \t])/gm); // ordered-list numbers
  return prose;
}

function blank(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match) => match.replace(/[^\n\r]/g, ' '));
}

/** Blank only the first capture group of each match. */
function blankGroup(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match, group: string) => {
    const at = match.indexOf(group);
    return match.slice(0, at) + group.replace(/[^\n\r]/g, ' ') + match.slice(at + group.length);
  });
}
