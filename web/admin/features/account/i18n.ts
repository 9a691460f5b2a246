import { makeT, type Catalog } from '../../../shared/i18n.js';

const catalog = {
  vi: {
    title: 'Tài khoản của bạn',
    forcedTitle: 'Đổi mật khẩu ban đầu',
    forcedLead:
      'Đây là lần đăng nhập đầu tiên hoặc mật khẩu của bạn vừa được cấp lại. Hãy đặt mật khẩu mới của riêng bạn trước khi tiếp tục.',
    changeTitle: 'Đổi mật khẩu',
    current: 'Mật khẩu hiện tại',
    next: 'Mật khẩu mới',
    nextHint: 'Ít nhất 12 ký tự; một câu dễ nhớ gồm vài từ là lựa chọn tốt.',
    confirm: 'Nhập lại mật khẩu mới',
    mismatch: 'Hai mật khẩu mới không giống nhau',
    save: 'Đổi mật khẩu',
    saving: 'Đang đổi…',
    changed: 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc.',
    everywhereTitle: 'Đăng xuất khỏi mọi thiết bị',
    everywhereLead: 'Kết thúc mọi phiên đăng nhập của bạn, trên mọi máy tính và điện thoại, kể cả phiên này.',
    everywhere: 'Đăng xuất mọi nơi',
    signOut: 'Đăng xuất',
    email: 'Email',
    roles: 'Vai trò',
  },
  en: {
    title: 'Your account',
    forcedTitle: 'Change your initial password',
    forcedLead:
      'This is your first sign-in, or your password was just reset. Set a password of your own before you continue.',
    changeTitle: 'Change password',
    current: 'Current password',
    next: 'New password',
    nextHint: 'At least 12 characters; a sentence of a few words you remember is a good choice.',
    confirm: 'New password again',
    mismatch: 'The two new passwords differ',
    save: 'Change password',
    saving: 'Changing…',
    changed: 'Password changed. Your other sessions have ended.',
    everywhereTitle: 'Sign out everywhere',
    everywhereLead: 'Ends every session of yours, on every computer and phone, this one included.',
    everywhere: 'Sign out everywhere',
    signOut: 'Sign out',
    email: 'Email',
    roles: 'Roles',
  },
} satisfies Catalog<string>;

export const t = makeT<keyof typeof catalog.vi>(catalog);
