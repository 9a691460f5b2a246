import { makeT, type Catalog } from '../shared/i18n.js';

/** Strings of the admin shell. Features keep their own catalogs beside their code. */
const catalog = {
  vi: {
    appName: 'Hài lòng',
    appTagline: 'Đo lường sự hài lòng với dịch vụ công',
    signIn: 'Đăng nhập',
    signOut: 'Đăng xuất',
    email: 'Email',
    password: 'Mật khẩu',
    signingIn: 'Đang đăng nhập…',
    loading: 'Đang tải…',
    language: 'English',
    notFound: 'Không tìm thấy trang này.',
    forbidden: 'Bạn không có quyền xem trang này.',
    home: 'Tổng quan',
    menu: 'Danh mục',
    openMenu: 'Danh mục',
    closeMenu: 'Đóng',
    errorGeneric: 'Đã có lỗi, vui lòng thử lại.',
    required: 'Vui lòng nhập {field}',
    welcome: 'Xin chào, {name}',
    badAnswer: 'Máy chủ trả lời không đúng định dạng; hãy tải lại trang.',
  },
  en: {
    appName: 'Hài lòng',
    appTagline: 'Measuring satisfaction with public services',
    signIn: 'Sign in',
    signOut: 'Sign out',
    email: 'Email',
    password: 'Password',
    signingIn: 'Signing in…',
    loading: 'Loading…',
    language: 'Tiếng Việt',
    notFound: 'Page not found.',
    forbidden: 'You do not have access to this page.',
    home: 'Overview',
    menu: 'Menu',
    openMenu: 'Menu',
    closeMenu: 'Close',
    errorGeneric: 'Something went wrong, please try again.',
    required: 'Please enter {field}',
    welcome: 'Hello, {name}',
    badAnswer: 'The server answered in an unexpected format; please reload the page.',
  },
} satisfies Catalog<string>;

export const t = makeT<keyof typeof catalog.vi>(catalog);
