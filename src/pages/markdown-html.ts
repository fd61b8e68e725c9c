/**
 * Card details are markdown; the preview shows them as an EHR does, rendered by markdown-it with
 * raw HTML off (a tag in a detail shows as text, never as markup) and images off (a page of ours
 * never loads anything from elsewhere). markdown-it also refuses javascript:, vbscript:, file: and
 * most data: links.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false }).disable('image');

export function markdownHtml(text: string): string {
  return markdown.render(text);
}
