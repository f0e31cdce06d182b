export { DEFAULT_SMTP_TIMEOUT_MS, sendMail, type SentMail, type SmtpConfig } from './send-mail.js';
export {
  MAIL_ISSUE_CODES,
  MAX_RECIPIENTS,
  type MailIssueCode,
  type MailMessage,
} from './mail-message.js';
export {
  renderIncidentEmail,
  type IncidentEmailInput,
  type RenderedEmail,
} from './render-incident-email.js';
