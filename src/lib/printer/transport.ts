// Why: one small interface in front of the ways a browser reaches a thermal printer (Web Serial, WebUSB, Web Bluetooth); the bytes are the same ESC/POS for all, and the browser print dialog stays the fallback when none is offered.
export type DeviceTransportKind = 'serial' | 'usb' | 'bluetooth';
export type TransportKind = DeviceTransportKind | 'browser';
export const DEVICE_TRANSPORTS: readonly DeviceTransportKind[] = ['serial', 'usb', 'bluetooth'];

/** A connected printer: bytes in, in order; `close` releases the port or device. */
export interface PrinterTransport {
	readonly kind: DeviceTransportKind;
	readonly label: string;
	write(bytes: Uint8Array): Promise<void>;
	close(): Promise<void>;
}

// The parts of the (Chromium-only, not in lib.dom) device APIs used here, typed structurally.
interface SerialPortLike {
	open(options: { baudRate: number }): Promise<void>;
	close(): Promise<void>;
	readonly writable: WritableStream<Uint8Array> | null;
	getInfo?(): { usbVendorId?: number; usbProductId?: number };
}
interface SerialLike {
	requestPort(options?: object): Promise<SerialPortLike>;
	getPorts(): Promise<SerialPortLike[]>;
}
interface UsbEndpointLike {
	endpointNumber: number;
	direction: 'in' | 'out';
	type: string;
}
interface UsbInterfaceLike {
	interfaceNumber: number;
	alternate: { endpoints: UsbEndpointLike[]; interfaceClass: number };
}
interface UsbDeviceLike {
	productName?: string;
	opened: boolean;
	configuration: { interfaces: UsbInterfaceLike[] } | null;
	open(): Promise<void>;
	close(): Promise<void>;
	selectConfiguration(n: number): Promise<void>;
	claimInterface(n: number): Promise<void>;
	transferOut(endpoint: number, data: Uint8Array): Promise<unknown>;
}
interface UsbLike {
	requestDevice(options: { filters: object[] }): Promise<UsbDeviceLike>;
	getDevices(): Promise<UsbDeviceLike[]>;
}
interface GattCharacteristicLike {
	properties: { write: boolean; writeWithoutResponse: boolean };
	writeValueWithoutResponse?(value: Uint8Array): Promise<void>;
	writeValue(value: Uint8Array): Promise<void>;
}
interface GattServiceLike {
	getCharacteristics(): Promise<GattCharacteristicLike[]>;
}
interface GattServerLike {
	connected: boolean;
	connect(): Promise<GattServerLike>;
	disconnect(): void;
	getPrimaryServices(): Promise<GattServiceLike[]>;
}
interface BluetoothDeviceLike {
	name?: string;
	gatt?: GattServerLike;
}
interface BluetoothLike {
	requestDevice(options: {
		acceptAllDevices: boolean;
		optionalServices: string[];
	}): Promise<BluetoothDeviceLike>;
}
export type DeviceNavigator = { serial?: SerialLike; usb?: UsbLike; bluetooth?: BluetoothLike };

// Chromium's device APIs as optional members of Navigator (lib.dom has none of them), so `navigator` is a DeviceNavigator.
declare global {
	interface Navigator {
		serial?: SerialLike;
		usb?: UsbLike;
		bluetooth?: BluetoothLike;
	}
}

/** Which device transports this browser offers (Chromium on desktop and Android: usually all three; Firefox, Safari: none). */
export function availableTransports(nav: DeviceNavigator): DeviceTransportKind[] {
	return DEVICE_TRANSPORTS.filter((k) => nav[k] !== undefined);
}

/** The first transport in the preferred order the browser offers, or the print dialog. */
export function pickTransport(
	nav: DeviceNavigator,
	preferred: readonly TransportKind[] = DEVICE_TRANSPORTS
): TransportKind {
	const offered = availableTransports(nav);
	return preferred.find((k): k is DeviceTransportKind => k !== 'browser' && offered.includes(k)) ?? 'browser';
}

/** Service UUIDs of the BLE serial bridges in common 58/80 mm printers; Web Bluetooth only lets us see services named up front. */
export const BLE_PRINTER_SERVICES = [
	'000018f0-0000-1000-8000-00805f9b34fb',
	'e7810a71-73ae-499d-8c15-faa9aef0c3f2',
	'49535343-fe7d-4ae5-8fa9-9fafd205e455',
	'0000ff00-0000-1000-8000-00805f9b34fb'
];
/** BLE writes are small; 100 bytes fits the default ATT MTU of every printer met so far with room to spare. */
export const BLE_CHUNK = 100;
/** USB printer class: the interface a printer prints through. */
const USB_CLASS_PRINTER = 7;

export function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
	return out;
}

async function serialTransport(port: SerialPortLike, baudRate: number): Promise<PrinterTransport> {
	await port.open({ baudRate });
	const info = port.getInfo?.() ?? {};
	return {
		kind: 'serial',
		label: info.usbVendorId
			? `Serial ${info.usbVendorId.toString(16)}:${(info.usbProductId ?? 0).toString(16)}`
			: 'Serial',
		async write(bytes) {
			const writer = port.writable?.getWriter();
			if (!writer) throw new Error('printer_not_writable');
			try {
				await writer.write(bytes);
			} finally {
				writer.releaseLock();
			}
		},
		close: () => port.close()
	};
}

async function usbTransport(device: UsbDeviceLike): Promise<PrinterTransport> {
	if (!device.opened) await device.open();
	if (!device.configuration) await device.selectConfiguration(1);
	const interfaces = device.configuration?.interfaces ?? [];
	const withOut = interfaces
		.map((i) => ({ i, ep: i.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk') }))
		.filter((x) => x.ep !== undefined);
	const chosen = withOut.find((x) => x.i.alternate.interfaceClass === USB_CLASS_PRINTER) ?? withOut[0];
	if (!chosen?.ep) throw new Error('printer_no_endpoint');
	await device.claimInterface(chosen.i.interfaceNumber);
	const endpoint = chosen.ep.endpointNumber;
	return {
		kind: 'usb',
		label: device.productName ?? 'USB',
		async write(bytes) {
			await device.transferOut(endpoint, bytes);
		},
		close: () => device.close()
	};
}

async function bluetoothTransport(device: BluetoothDeviceLike): Promise<PrinterTransport> {
	const server = await device.gatt?.connect();
	if (!server) throw new Error('printer_no_gatt');
	let target: GattCharacteristicLike | undefined;
	for (const service of await server.getPrimaryServices()) {
		target = (await service.getCharacteristics()).find(
			(c) => c.properties.writeWithoutResponse || c.properties.write
		);
		if (target) break;
	}
	const characteristic = target;
	if (!characteristic) throw new Error('printer_no_endpoint');
	return {
		kind: 'bluetooth',
		label: device.name ?? 'Bluetooth',
		async write(bytes) {
			for (const part of chunks(bytes, BLE_CHUNK)) {
				if (characteristic.properties.writeWithoutResponse && characteristic.writeValueWithoutResponse)
					await characteristic.writeValueWithoutResponse(part);
				else await characteristic.writeValue(part);
			}
		},
		async close() {
			server.disconnect();
		}
	};
}

/** Asks the user to choose a printer (must run in a click handler) and connects to it. */
export async function requestPrinter(
	nav: DeviceNavigator,
	kind: DeviceTransportKind,
	baudRate = 9600
): Promise<PrinterTransport> {
	if (kind === 'serial' && nav.serial) return serialTransport(await nav.serial.requestPort(), baudRate);
	if (kind === 'usb' && nav.usb) return usbTransport(await nav.usb.requestDevice({ filters: [] }));
	if (kind === 'bluetooth' && nav.bluetooth)
		return bluetoothTransport(
			await nav.bluetooth.requestDevice({ acceptAllDevices: true, optionalServices: BLE_PRINTER_SERVICES })
		);
	throw new Error('printer_transport_unavailable');
}

/** Reconnects without a prompt to a printer the user already granted (serial and USB remember; Bluetooth asks again). */
export async function reconnectPrinter(
	nav: DeviceNavigator,
	kind: DeviceTransportKind,
	baudRate = 9600
): Promise<PrinterTransport | null> {
	if (kind === 'serial' && nav.serial) {
		const [port] = await nav.serial.getPorts();
		return port ? serialTransport(port, baudRate) : null;
	}
	if (kind === 'usb' && nav.usb) {
		const [device] = await nav.usb.getDevices();
		return device ? usbTransport(device) : null;
	}
	return null;
}
