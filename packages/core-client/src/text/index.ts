export { goQuote, goQuoteBytes } from './goQuote';
