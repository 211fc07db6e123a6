import { notifications } from '@mantine/notifications';
import { IconCheck, IconX } from '@tabler/icons-react';
import { errorMessage } from '../api';

export function notifySuccess(title: string, message?: string): void {
  notifications.show({ color: 'teal', title, message: message ?? '', autoClose: 3500, withBorder: true, icon: <IconCheck size={18} /> });
}

export function notifyError(title: string, err: unknown): void {
  notifications.show({ color: 'red', title, message: errorMessage(err), autoClose: 8000, withBorder: true, icon: <IconX size={18} /> });
}
